package crema.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.display.MimeBundle;
import crema.tensor.Tensor;
import crema.tensor.TensorPicture;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** {@code Tensor.show()} reaches the picture of this package through the service, one call. */
class TensorShowTest {
  @Test
  void theLibraryRegistersItsPicture() {
    assertInstanceOf(
        ImagePicture.class, ServiceLoader.load(TensorPicture.class).findFirst().orElseThrow());
  }

  @Test
  void showPublishesTheImageOnce() {
    try (RecordingBackend rec = new RecordingBackend()) {
      Tensor.linspace(0, 1, 28 * 28).reshape(1, 28, 28).show();
      assertEquals(1, rec.published.size());
      assertTrue(rec.last().bundle().has(MimeBundle.PNG), rec.last().bundle().toString());
    }
  }
}
