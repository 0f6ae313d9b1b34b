package crema.nn;

import crema.nn.ops.GruFunction;
import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * Gated recurrent unit, PyTorch's {@code nn.GRU} (batch-first), gates in PyTorch's order r, z, n:
 *
 * <pre>
 * r = σ(W_ir x + b_ir + W_hr h + b_hr)
 * z = σ(W_iz x + b_iz + W_hz h + b_hz)
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 * h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 *
 * <p>Each layer-direction runs as one fused autograd node ({@link GruFunction}); {@link #cell} is
 * the same step composed from small autograd ops, kept as the readable reference.
 *
 * <pre>{@code
 * var gru = new GRU(3, 8);
 * Tensor out = gru.forward(Tensor.randn(2, 5, 3));  // [2, 5, 8]
 * }</pre>
 */
public class GRU extends Recurrent {
  /** One layer, one direction. */
  public GRU(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, 1, false);
  }

  public GRU(int inputSize, int hiddenSize, int numLayers, boolean bidirectional) {
    super(3, inputSize, hiddenSize, numLayers, true, bidirectional);
  }

  @Override
  Function fusedFunction(boolean reverse, int[] lengths) {
    return new GruFunction(reverse, lengths);
  }

  @Override
  protected Tensor[] cell(Tensor xProj, Tensor h, Tensor c, Tensor wHh, Tensor bHh) {
    int n = hiddenSize;
    // The hidden projection keeps its own bias: b_hn sits inside r ⊙ (...).
    Tensor hp = F.linear(h, wHh, bHh);
    Tensor r = xProj.slice(1, 0, n).add(hp.slice(1, 0, n)).sigmoid();
    Tensor z = xProj.slice(1, n, 2 * n).add(hp.slice(1, n, 2 * n)).sigmoid();
    Tensor cand = xProj.slice(1, 2 * n, 3 * n).add(r.mul(hp.slice(1, 2 * n, 3 * n))).tanh();
    Tensor hNext = z.neg().add(1f).mul(cand).add(z.mul(h));
    return new Tensor[] {hNext, null};
  }
}
