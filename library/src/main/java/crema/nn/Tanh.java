package crema.nn;

import crema.tensor.Tensor;

/**
 * The hyperbolic tangent, PyTorch's {@code nn.Tanh}: {@code tanh(z) = (e^z − e^(−z)) / (e^z +
 * e^(−z))}, range (−1, 1), elementwise. Derivative {@code 1 − tanh²(z)}. A zero-centred sigmoid.
 *
 * <pre>{@code
 * new Tanh().forward(Tensor.of(new float[] {0, 1}, 2));   // [0, 0.7616]
 * }</pre>
 */
public class Tanh extends Module {
  /** The hyperbolic tangent. */
  public Tanh() {}

  @Override
  public Tensor forward(Tensor x) {
    return x.tanh();
  }
}
