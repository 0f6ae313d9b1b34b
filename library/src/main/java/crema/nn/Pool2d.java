package crema.nn;

import crema.tensor.Tensor;

/**
 * What the pooling layers ({@link MaxPool2d}, {@link MinPool2d}, {@link AvgPool2d}) share: a {@code
 * kernel×kernel} window moved by {@code stride} over an input padded by {@code padding}, summarised
 * by one number per window. Subclasses say only how a window is summarised.
 *
 * <p>Input {@code [N, C, H, W]} (or {@code [C, H, W]}); output {@code [N, C, OH, OW]} with {@code
 * OH = (H + 2·padding − kernel) / stride + 1}. No parameters.
 */
public abstract class Pool2d extends Module {
  private final int kernel;
  private final int stride;
  private final int padding;

  protected Pool2d(int kernel, int stride, int padding) {
    if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
      throw new IllegalArgumentException(
          getClass().getSimpleName()
              + ": needs kernel >= 1, stride >= 1, 0 <= padding <= kernel/2, got kernel_size="
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

  /** The functional form of this pooling, e.g. {@link F#maxPool2d(Tensor, int, int, int)}. */
  protected abstract Tensor pool(Tensor x, int kernel, int stride, int padding);

  @Override
  public final Tensor forward(Tensor x) {
    try {
      return pool(x, kernel, stride, padding);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(this + ": " + e.getMessage(), e);
    }
  }

  @Override
  protected String extraRepr() {
    return "kernel_size=" + kernel + ", stride=" + stride + ", padding=" + padding;
  }
}
