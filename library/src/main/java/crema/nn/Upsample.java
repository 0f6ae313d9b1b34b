package crema.nn;

import crema.nn.ops.UpsampleFunction;
import crema.tensor.Tensor;

/**
 * Enlarges images {@code [N, C, H, W]} by an integer factor, PyTorch's {@code nn.Upsample}: {@code
 * "nearest"} repeats pixels, {@code "bilinear"} interpolates between the four nearest ones ({@code
 * align_corners=False}). No parameters: follow it with a convolution to learn.
 *
 * <pre>{@code
 * Tensor y = new Upsample(2, "bilinear").forward(Tensor.randn(1, 3, 14, 14));  // [1, 3, 28, 28]
 * }</pre>
 */
public class Upsample extends Module {
  public final int scaleFactor;
  public final String mode;

  public Upsample(int scaleFactor, String mode) {
    if (!mode.equals("nearest") && !mode.equals("bilinear")) {
      throw new IllegalArgumentException(
          "Upsample: mode must be \"nearest\" or \"bilinear\", got \"" + mode + "\"");
    }
    new UpsampleFunction(scaleFactor, false); // validates the factor
    this.scaleFactor = scaleFactor;
    this.mode = mode;
  }

  @Override
  public Tensor forward(Tensor x) {
    return new UpsampleFunction(scaleFactor, mode.equals("bilinear")).apply(x);
  }

  @Override
  protected String extraRepr() {
    return "scale_factor=" + scaleFactor + ", mode='" + mode + "'";
  }
}
