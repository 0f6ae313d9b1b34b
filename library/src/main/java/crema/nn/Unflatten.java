package crema.nn;

import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * Reshapes {@code [N, D]} to {@code [N, shape...]}, PyTorch's {@code nn.Unflatten(1, shape)}: the
 * inverse of {@link Flatten}, e.g. between a generator's dense layer and its first transposed
 * convolution.
 *
 * <pre>{@code
 * new Unflatten(64, 7, 7).forward(Tensor.zeros(8, 3136));   // [8, 64, 7, 7]
 * }</pre>
 */
public class Unflatten extends Module {
  private final int[] shape;

  public Unflatten(int... shape) {
    if (shape.length == 0) {
      throw new IllegalArgumentException("Unflatten: give the shape of one sample");
    }
    this.shape = shape.clone();
  }

  @Override
  public Tensor forward(Tensor x) {
    int per = 1;
    for (int s : shape) {
      per *= s;
    }
    if (x.dim() != 2 || x.size(1) != per) {
      throw new IllegalArgumentException(
          "Unflatten"
              + Arrays.toString(shape)
              + " expects [N, "
              + per
              + "], got "
              + Arrays.toString(x.shape()));
    }
    int[] out = new int[shape.length + 1];
    out[0] = x.size(0);
    System.arraycopy(shape, 0, out, 1, shape.length);
    return x.reshape(out);
  }

  @Override
  protected String extraRepr() {
    return "dim=1, unflattened_size=" + Arrays.toString(shape).replace('[', '(').replace(']', ')');
  }
}
