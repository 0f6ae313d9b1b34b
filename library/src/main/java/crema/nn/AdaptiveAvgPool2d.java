package crema.nn;

import crema.tensor.Tensor;

/**
 * Adaptive average pooling, PyTorch's {@code nn.AdaptiveAvgPool2d}: averages windows sized so that
 * the output is always {@code oh×ow}, whatever the input's height and width. {@code new
 * AdaptiveAvgPool2d(1)} is global average pooling, the usual bridge from a CNN's feature maps to
 * its classifier. Output row {@code i} averages input rows {@code [⌊i·H/oh⌋, ⌈(i+1)·H/oh⌉)}. No
 * parameters.
 *
 * <pre>{@code
 * new AdaptiveAvgPool2d(1).forward(Tensor.randn(8, 64, 7, 7));   // [8, 64, 1, 1]
 * }</pre>
 */
public class AdaptiveAvgPool2d extends Module {
  private final int oh;
  private final int ow;

  /** A square {@code size×size} output. */
  public AdaptiveAvgPool2d(int size) {
    this(size, size);
  }

  /** An {@code oh×ow} output. */
  public AdaptiveAvgPool2d(int oh, int ow) {
    if (oh < 1 || ow < 1) {
      throw new IllegalArgumentException(
          "AdaptiveAvgPool2d: output size must be >= 1, got " + oh + "x" + ow);
    }
    this.oh = oh;
    this.ow = ow;
  }

  @Override
  public Tensor forward(Tensor x) {
    try {
      return F.adaptiveAvgPool2d(x, oh, ow);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(this + ": " + e.getMessage(), e);
    }
  }

  @Override
  protected String extraRepr() {
    return "output_size=" + (oh == ow ? Integer.toString(oh) : "(" + oh + ", " + ow + ")");
  }
}
