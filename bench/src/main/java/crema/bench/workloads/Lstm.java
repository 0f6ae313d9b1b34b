package crema.bench.workloads;

import crema.nn.LSTM;
import crema.nn.Linear;
import crema.nn.Module;
import crema.tensor.Tensor;

/**
 * LSTM with hidden size 128 over the 28 rows of an image, classifying the last hidden state; the
 * mirror of {@code models.RowLSTM} in bench/torch, written as a participant would write it with
 * {@code crema.nn.LSTM} (PyTorch's gate order, parameter layout and initialisation U(−1/√H, 1/√H)):
 *
 * <pre>
 * [i f g o] = x_t W_ihᵀ + b_ih + h W_hhᵀ + b_hh
 * c = σ(f) ⊙ c + σ(i) ⊙ tanh(g);   h = σ(o) ⊙ tanh(c)
 * </pre>
 *
 * The layer runs the whole sequence as one fused autograd node: one GEMM for the input projection
 * of all 28 steps, then per step four [B,128]·[128,128] GEMMs (one per gate) and loops over the gates.
 */
public final class Lstm extends ClassifierWorkload {
  static final int INPUT = 28;
  static final int HIDDEN = 128;
  static final int STEPS = 28;

  /** The LSTM plus the classifier head. */
  static final class Model extends Module {
    final LSTM lstm = new LSTM(INPUT, HIDDEN);
    final Linear fc = new Linear(HIDDEN, 10);

    @Override
    public Tensor forward(Tensor x) {
      int b = x.size(0);
      // h_N is [layers, B, H]: the last hidden state of the one layer.
      Tensor last = lstm.forwardWithState(x.reshape(b, STEPS, INPUT)).hN().reshape(b, HIDDEN);
      return fc.forward(last);
    }
  }

  @Override
  protected Module buildModel() {
    return new Model();
  }
}
