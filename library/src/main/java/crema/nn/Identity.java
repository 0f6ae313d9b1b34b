package crema.nn;

import crema.tensor.Tensor;

/**
 * The identity, PyTorch's {@code nn.Identity}: returns its input unchanged. A placeholder, e.g. to
 * remove a classifier head: {@code model.set(-1, new Identity())}.
 *
 * <pre>{@code
 * new Identity().forward(x) == x;   // true
 * }</pre>
 */
public class Identity extends Module {
  /** The identity. */
  public Identity() {}

  @Override
  public Tensor forward(Tensor x) {
    return x;
  }
}
