package crema.nn;

import crema.tensor.Tensor;

/**
 * Min pooling: each output is the smallest value of its {@code kernel×kernel} window, {@code out[n,
 * c, i, j] = min_{u, v} x[n, c, i·stride − pad + u, j·stride − pad + v]}. PyTorch has no layer of
 * its own for it; it equals {@code −MaxPool2d(−x)}. The gradient flows to the smallest value of
 * each window only.
 *
 * <p>Shapes as in {@link Pool2d}. The stride defaults to the kernel size, so {@code new
 * MinPool2d(2)} halves height and width.
 *
 * <pre>{@code
 * new MinPool2d(2).forward(Tensor.randn(64, 6, 28, 28));   // [64, 6, 14, 14]
 * }</pre>
 */
public class MinPool2d extends Pool2d {
  /** Non-overlapping {@code kernel×kernel} windows. */
  public MinPool2d(int kernel) {
    this(kernel, kernel, 0);
  }

  /** {@code kernel×kernel} windows moved by {@code stride}. */
  public MinPool2d(int kernel, int stride) {
    this(kernel, stride, 0);
  }

  /**
   * {@code kernel×kernel} windows moved by {@code stride} over an input padded by {@code padding}.
   */
  public MinPool2d(int kernel, int stride, int padding) {
    super(kernel, stride, padding);
  }

  @Override
  protected Tensor pool(Tensor x, int kernel, int stride, int padding) {
    return F.minPool2d(x, kernel, stride, padding);
  }
}
