package crema.nn;

import crema.tensor.Tensor;

/**
 * The rectified linear unit, PyTorch's {@code nn.ReLU}: {@code relu(z) = max(0, z)}, applied
 * elementwise. Derivative 1 for {@code z > 0}, else 0. The default activation of deep networks: it
 * does not saturate for positive inputs, so gradients do not vanish.
 *
 * <pre>{@code
 * new ReLU().forward(Tensor.of(new float[] {-2, 0, 3}, 3));   // [0, 0, 3]
 * }</pre>
 */
public class ReLU extends Module {
  /** The rectified linear unit. */
  public ReLU() {}

  @Override
  public Tensor forward(Tensor x) {
    return x.relu();
  }
}
