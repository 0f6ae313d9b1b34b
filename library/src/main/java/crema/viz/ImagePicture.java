package crema.viz;

import crema.display.DisplayHandle;
import crema.tensor.Tensor;
import crema.tensor.TensorPicture;

/**
 * {@link Tensor#show()}'s picture: {@link ImageGrid#show(Tensor)}, registered as the {@link
 * TensorPicture} service of the library.
 */
public final class ImagePicture implements TensorPicture {
  @Override
  public DisplayHandle show(Tensor image) {
    return ImageGrid.show(image);
  }
}
