package crema.nn;

import crema.tensor.Tensor;

/**
 * Max pooling, PyTorch's {@code nn.MaxPool2d}: each output is the largest value of its {@code
 * kernel×kernel} window, {@code out[n, c, i, j] = max_{u, v} x[n, c, i·stride − pad + u, j·stride −
 * pad + v]}. Keeps the strongest response of each feature map region and makes the features
 * slightly shift-invariant. The gradient flows to the winner of each window only.
 *
 * <p>Shapes as in {@link Pool2d}. The stride defaults to the kernel size, so {@code new
 * MaxPool2d(2)} halves height and width.
 *
 * <pre>{@code
 * new MaxPool2d(2).forward(Tensor.randn(64, 6, 28, 28));   // [64, 6, 14, 14]
 * }</pre>
 */
public class MaxPool2d extends Pool2d {
  /** Non-overlapping {@code kernel×kernel} windows. */
  public MaxPool2d(int kernel) {
    this(kernel, kernel, 0);
  }

  /** {@code kernel×kernel} windows moved by {@code stride}. */
  public MaxPool2d(int kernel, int stride) {
    this(kernel, stride, 0);
  }

  /**
   * {@code kernel×kernel} windows moved by {@code stride} over an input padded by {@code padding}.
   */
  public MaxPool2d(int kernel, int stride, int padding) {
    super(kernel, stride, padding);
  }

  @Override
  protected Tensor pool(Tensor x, int kernel, int stride, int padding) {
    return F.maxPool2d(x, kernel, stride, padding);
  }
}
