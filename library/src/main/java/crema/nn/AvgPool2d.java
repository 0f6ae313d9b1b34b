package crema.nn;

import crema.tensor.Tensor;

/**
 * Average pooling, PyTorch's {@code nn.AvgPool2d}: each output is the mean of its {@code
 * kernel×kernel} window, {@code out[n, c, i, j] = (1/k²)·Σ_{u, v} x[n, c, i·stride − pad + u,
 * j·stride − pad + v]}, zero padding included in the count (PyTorch's default). The gradient is
 * shared equally by the inputs of each window.
 *
 * <p>Shapes as in {@link Pool2d}. The stride defaults to the kernel size, so {@code new
 * AvgPool2d(2)} halves height and width.
 *
 * <pre>{@code
 * new AvgPool2d(2).forward(Tensor.randn(64, 6, 28, 28));   // [64, 6, 14, 14]
 * }</pre>
 */
public class AvgPool2d extends Pool2d {
  /** Non-overlapping {@code kernel×kernel} windows. */
  public AvgPool2d(int kernel) {
    this(kernel, kernel, 0);
  }

  /** {@code kernel×kernel} windows moved by {@code stride}. */
  public AvgPool2d(int kernel, int stride) {
    this(kernel, stride, 0);
  }

  /**
   * {@code kernel×kernel} windows moved by {@code stride} over an input padded by {@code padding}.
   */
  public AvgPool2d(int kernel, int stride, int padding) {
    super(kernel, stride, padding);
  }

  @Override
  protected Tensor pool(Tensor x, int kernel, int stride, int padding) {
    return F.avgPool2d(x, kernel, stride, padding);
  }
}
