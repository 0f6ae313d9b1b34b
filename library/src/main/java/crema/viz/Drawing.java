package crema.viz;

import crema.display.Display;
import crema.display.DisplayHandle;
import crema.display.Displayable;
import crema.display.MimeBundle;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A picture drawn with Java2D: the common base of image grids, heatmaps, feature maps and the other
 * non-chart figures. A subclass says how big it is and paints itself once; this class turns that
 * one {@link #paint} into PNG (through ImageIO) and, for {@link #vector() vector} drawings, SVG
 * (through VectorGraphics2D), so the notebook and the exported report show the same picture.
 *
 * <pre>{@code
 * Heatmap h = Heatmap.of(matrix);
 * h.show();                 // inline in the notebook
 * h.save(Path.of("h.svg")); // or .png
 * }</pre>
 */
public abstract class Drawing implements Displayable {
  private DisplayHandle handle;

  /** Width in pixels. */
  public abstract int width();

  /** Height in pixels. */
  public abstract int height();

  /** Paints the picture onto {@code g}, from (0, 0) to ({@link #width()}, {@link #height()}). */
  protected abstract void paint(Graphics2D g);

  /** The one-line {@code text/plain} form. */
  protected abstract String describe();

  /**
   * Whether to offer SVG: {@code true} for drawings of lines and text, {@code false} for pictures
   * made of pixels, where a PNG is smaller and faster.
   */
  protected boolean vector() {
    return true;
  }

  /**
   * Optional HTML to show instead of the bare picture (for example with captions), given the PNG
   * already rendered; or null.
   */
  protected String html(byte[] png) {
    return null;
  }

  /** Renders to an RGB image. */
  public BufferedImage toImage() {
    BufferedImage img = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      hints(g);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width(), height());
      paint(g);
    } finally {
      g.dispose();
    }
    return img;
  }

  /** Renders to PNG bytes. */
  public byte[] toPng() {
    return png(toImage());
  }

  /** Renders to an SVG document. */
  public String toSvg() {
    return Svg.render(
        width(),
        height(),
        g -> {
          g.setColor(Color.WHITE);
          g.fillRect(0, 0, width(), height());
          paint(g);
        });
  }

  @Override
  public MimeBundle toMimeBundle() {
    byte[] png = toPng();
    MimeBundle b = MimeBundle.text(describe());
    String html = html(png);
    if (html != null) {
      b = b.with(MimeBundle.HTML, html);
    }
    if (vector()) {
      b = b.with(MimeBundle.SVG, toSvg());
    }
    return b.withPng(png);
  }

  /** Shows this drawing and remembers where, so that {@link #update()} can redraw it in place. */
  public DisplayHandle show() {
    handle = Display.display(this);
    return handle;
  }

  /** Redraws this drawing where {@link #show()} put it (or shows it, the first time). */
  public void update() {
    if (handle == null) {
      show();
    } else {
      handle.update(this);
    }
  }

  /** Writes the picture to a file: SVG if the name ends in {@code .svg}, else PNG. */
  public void save(Path file) {
    try {
      if (file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".svg")) {
        Files.writeString(file, toSvg(), StandardCharsets.UTF_8);
      } else {
        Files.write(file, toPng());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  @Override
  public String toString() {
    return describe();
  }

  /** Anti-aliasing for shapes and text, and exact stroke placement. */
  static void hints(Graphics2D g) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
  }

  /** PNG bytes of an image. */
  static byte[] png(BufferedImage img) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      if (!ImageIO.write(img, "png", out)) {
        throw new IOException("no PNG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("encoding PNG", e);
    }
    return out.toByteArray();
  }
}
