package crema.display;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Shows a {@link BufferedImage} as a PNG. */
final class ImageRenderer {
  private ImageRenderer() {}

  static MimeBundle render(BufferedImage image) throws IOException {
    return MimeBundle.text("BufferedImage " + image.getWidth() + "x" + image.getHeight())
        .withPng(png(image));
  }

  /** Encodes an image as PNG bytes. */
  static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", out)) {
      throw new IOException("no PNG writer for image type " + image.getType());
    }
    return out.toByteArray();
  }
}
