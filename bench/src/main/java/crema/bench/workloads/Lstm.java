package crema.bench.workloads;

import crema.nn.Linear;
import crema.nn.Module;
import crema.nn.Parameter;
import crema.tensor.Rng;
import crema.tensor.Tensor;

/**
 * LSTM with hidden size 128 over the 28 rows of an image, classifying the last hidden state; the
 * mirror of {@code models.RowLSTM} in bench/torch.
 *
 * <p>{@code crema.nn} has no LSTM layer yet (issue 8), so the cell is composed from the library's
 * differentiable ops, with PyTorch's gate order (i, f, g, o) and its initialisation U(−1/√H, 1/√H):
 *
 * <pre>
 * [i f g o] = x_t W_ihᵀ + b_ih + h W_hhᵀ + b_hh
 * c = σ(f) ⊙ c + σ(i) ⊙ tanh(g);   h = σ(o) ⊙ tanh(c)
 * </pre>
 *
 * The input projection of all 28 steps is one GEMM; each step then costs one [B,128]·[128,512] GEMM
 * and a dozen elementwise ops, which is exactly the per-op overhead this workload measures.
 */
public final class Lstm extends ClassifierWorkload {
  static final int INPUT = 28;
  static final int HIDDEN = 128;
  static final int STEPS = 28;

  /** The composed LSTM plus the classifier head. */
  static final class Model extends Module {
    final Linear ih = new Linear(INPUT, 4 * HIDDEN);
    final Linear hh = new Linear(HIDDEN, 4 * HIDDEN);
    final Linear fc = new Linear(HIDDEN, 10);

    Model() {
      float bound = (float) (1 / Math.sqrt(HIDDEN));
      Rng rng = Rng.global();
      for (Linear l : new Linear[] {ih, hh}) {
        for (Parameter p : l.parameters()) {
          float[] d = p.data();
          for (int i = 0; i < d.length; i++) {
            d[i] = (2 * rng.nextFloat() - 1) * bound;
          }
        }
      }
    }

    @Override
    public Tensor forward(Tensor x) {
      int b = x.size(0);
      Tensor gx = ih.forward(x.reshape(b * STEPS, INPUT)).reshape(b, STEPS, 4 * HIDDEN);
      Tensor h = Tensor.zeros(b, HIDDEN);
      Tensor c = Tensor.zeros(b, HIDDEN);
      for (int t = 0; t < STEPS; t++) {
        Tensor g = gx.slice(1, t, t + 1).reshape(b, 4 * HIDDEN).add(hh.forward(h));
        Tensor in = g.slice(1, 0, HIDDEN).sigmoid();
        Tensor forget = g.slice(1, HIDDEN, 2 * HIDDEN).sigmoid();
        Tensor cell = g.slice(1, 2 * HIDDEN, 3 * HIDDEN).tanh();
        Tensor out = g.slice(1, 3 * HIDDEN, 4 * HIDDEN).sigmoid();
        c = forget.mul(c).add(in.mul(cell));
        h = out.mul(c.tanh());
      }
      return fc.forward(h);
    }
  }

  @Override
  protected Module buildModel() {
    return new Model();
  }
}
