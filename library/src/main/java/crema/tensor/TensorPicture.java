package crema.tensor;

import crema.display.DisplayHandle;

/**
 * Draws an image tensor and shows it: what {@link Tensor#show()} calls. The drawing lives above
 * this package ({@code crema.viz}), which provides the implementation as a {@link
 * java.util.ServiceLoader} service ({@code META-INF/services/crema.tensor.TensorPicture}), so that
 * {@code tensor} depends on nothing above it and a notebook still needs one call.
 */
public interface TensorPicture {
  /** Shows {@code image}, {@code [H, W]} or {@code [C, H, W]}, and returns its display handle. */
  DisplayHandle show(Tensor image);
}
