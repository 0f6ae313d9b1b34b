package crema.display.widgets;

import crema.display.MimeBundle;
import crema.display.Renderers;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * An image whose pixels the program replaces (ipywidgets' {@code Image}): the fastest way to redraw
 * a chart, a heat map or a decoded picture on every slider move, because only the PNG bytes travel,
 * as a binary buffer.
 *
 * <pre>{@code
 * Image img = new Image().width(300);
 * slider.onChange(z -> img.show(decoder.decode(z)));   // any BufferedImage, chart or Displayable
 * display(new VBox(slider, img));
 * }</pre>
 */
public final class Image extends Widget {
  public Image() {
    super("Image");
    setBytes("value", new byte[0]);
  }

  /** Shows PNG bytes. */
  public void setPng(byte[] png) {
    set("format", "png");
    setBytes("value", png);
  }

  /** The bytes shown now (PNG or SVG, see {@code format}). */
  public byte[] bytes() {
    byte[] b = getBytes("value");
    return b == null ? new byte[0] : b;
  }

  /**
   * Shows {@code value}: a {@code BufferedImage}, an XChart chart or anything with a PNG or SVG
   * rendering (library charts, image grids, heat maps).
   */
  public void show(Object value) {
    if (value instanceof BufferedImage bi) {
      setPng(png(bi));
      return;
    }
    MimeBundle b = Renderers.render(value);
    if (b.has(MimeBundle.PNG)) {
      setPng(Base64.getDecoder().decode(b.get(MimeBundle.PNG)));
    } else if (b.has(MimeBundle.SVG)) {
      set("format", "svg+xml");
      setBytes("value", b.get(MimeBundle.SVG).getBytes(StandardCharsets.UTF_8));
    } else {
      throw new IllegalArgumentException(
          "Image.show: a "
              + (value == null ? "null" : value.getClass().getName())
              + " has no PNG or SVG rendering; show it in an Output widget instead");
    }
  }

  /** Display width in CSS pixels. */
  public Image width(int px) {
    set("width", Integer.toString(px));
    return this;
  }

  /** Display height in CSS pixels. */
  public Image height(int px) {
    set("height", Integer.toString(px));
    return this;
  }

  static byte[] png(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 14);
      if (!ImageIO.write(image, "png", out)) {
        throw new IOException("no PNG writer for image type " + image.getType());
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "Image(" + bytes().length + " bytes)";
  }
}
