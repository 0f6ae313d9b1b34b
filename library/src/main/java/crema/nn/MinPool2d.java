package crema.nn;

import crema.tensor.Tensor;

/**
 * Min pooling: each output is the smallest value of its {@code kernel×kernel} window, {@code out[n,
 * c, i, j] = min_{u, v} x[n, c, i·stride − pad + u, j·stride − pad + v]}. PyTorch has no layer of
 * its own for it; it equals {@code −MaxPool2d(−x)}. The gradient flows to the smallest value of
 * each window only.
 *
 * <p>Input {@code [N, C, H, W]} (or {@code [C, H, W]}); output {@code [N, C, OH, OW]} with {@code
 * OH = (H + 2·padding − kernel) / stride + 1}. No parameters. The stride defaults to the kernel
 * size, so {@code new MinPool2d(2)} halves height and width.
 *
 * <pre>{@code
 * new MinPool2d(2).forward(Tensor.randn(64, 6, 28, 28));   // [64, 6, 14, 14]
 * }</pre>
 */
public class MinPool2d extends Module {
  private final int kernel;
  private final int stride;
  private final int padding;

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
    if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
      throw new IllegalArgumentException(
          "MinPool2d: needs kernel >= 1, stride >= 1, 0 <= padding <= kernel/2, got kernel_size="
              + kernel
              + ", stride="
              + stride
              + ", padding="
              + padding);
    }
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
  }

  @Override
  public Tensor forward(Tensor x) {
    try {
      return F.minPool2d(x, kernel, stride, padding);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(this + ": " + e.getMessage(), e);
    }
  }

  @Override
  protected String extraRepr() {
    return "kernel_size=" + kernel + ", stride=" + stride + ", padding=" + padding;
  }
}
