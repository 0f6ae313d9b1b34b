package crema.nn;

import crema.tensor.Tensor;

/**
 * The logistic sigmoid, PyTorch's {@code nn.Sigmoid}: {@code σ(z) = 1 / (1 + e^(−z))}, range (0,
 * 1), elementwise. Derivative {@code σ(z)·(1 − σ(z))}. Used for probabilities (binary
 * classification outputs) and gates.
 *
 * <pre>{@code
 * new Sigmoid().forward(Tensor.of(new float[] {-1}, 1));   // [0.2689]
 * }</pre>
 */
public class Sigmoid extends Module {
  /** The logistic function. */
  public Sigmoid() {}

  @Override
  public Tensor forward(Tensor x) {
    return x.sigmoid();
  }
}
