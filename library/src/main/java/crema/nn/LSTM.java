package crema.nn;

import crema.nn.ops.LstmFunction;
import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * Long short-term memory, PyTorch's {@code nn.LSTM} (batch-first), gates in PyTorch's order i, f,
 * g, o:
 *
 * <pre>
 * [i, f, g, o] = x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh
 * c_t = σ(f) ⊙ c_{t−1} + σ(i) ⊙ tanh(g)
 * h_t = σ(o) ⊙ tanh(c_t)
 * </pre>
 *
 * The cell state {@code c} is updated additively, so its gradient can travel many steps without
 * vanishing: the forget gate decides how much of it survives.
 *
 * <p>Each layer-direction runs as one fused autograd node ({@link LstmFunction}): a GEMM per step
 * and one loop over the gates, with the whole backpropagation through time in its backward. {@link
 * #cell} is the same step composed from small autograd ops, kept as the readable reference (tests
 * compare the two).
 *
 * <pre>{@code
 * var lstm = new LSTM(28, 128);                       // rows of an image as a sequence
 * RecurrentOutput r = lstm.forwardWithState(x);       // x [B, 28, 28]
 * Tensor last = r.hN().slice(0, 0, 1).reshape(-1, 128);
 * }</pre>
 */
public class LSTM extends Recurrent {
  /** One layer, one direction. */
  public LSTM(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, 1, false);
  }

  public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bidirectional) {
    super(4, inputSize, hiddenSize, numLayers, true, bidirectional);
  }

  @Override
  protected boolean hasCellState() {
    return true;
  }

  @Override
  Function fusedFunction(boolean reverse, int[] lengths) {
    return new LstmFunction(reverse, lengths);
  }

  @Override
  protected Tensor[] cell(Tensor xProj, Tensor h, Tensor c, Tensor wHh, Tensor bHh) {
    int n = hiddenSize;
    Tensor z = xProj.add(F.linear(h, wHh, bHh));
    Tensor i = z.slice(1, 0, n).sigmoid();
    Tensor f = z.slice(1, n, 2 * n).sigmoid();
    Tensor g = z.slice(1, 2 * n, 3 * n).tanh();
    Tensor o = z.slice(1, 3 * n, 4 * n).sigmoid();
    Tensor cNext = f.mul(c).add(i.mul(g));
    return new Tensor[] {o.mul(cNext.tanh()), cNext};
  }
}
