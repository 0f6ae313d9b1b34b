package crema.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.display.MimeBundle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.Base64;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** Checks shared by the visualisation tests: decodes PNGs and parses SVGs like a browser would. */
final class VizAssert {
  private VizAssert() {}

  /** Decodes the bundle's PNG with ImageIO. */
  static BufferedImage png(MimeBundle b) {
    assertTrue(b.has(MimeBundle.PNG), "bundle has image/png");
    try {
      BufferedImage img =
          ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(b.get(MimeBundle.PNG))));
      assertNotNull(img, "PNG decodes");
      return img;
    } catch (IOException e) {
      throw new AssertionError("PNG does not decode", e);
    }
  }

  /** Decodes PNG bytes with ImageIO. */
  static BufferedImage png(byte[] bytes) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
      assertNotNull(img, "PNG decodes");
      return img;
    } catch (IOException e) {
      throw new AssertionError("PNG does not decode", e);
    }
  }

  /** Parses SVG text as XML (without fetching its DTD) and checks the root element. */
  static Document svg(String svg) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      Document d = f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
      assertEquals("svg", d.getDocumentElement().getLocalName(), "root element");
      return d;
    } catch (Exception e) {
      throw new AssertionError("SVG does not parse as XML: " + e, e);
    }
  }

  /** Parses the bundle's SVG. */
  static Document svg(MimeBundle b) {
    assertTrue(b.has(MimeBundle.SVG), "bundle has image/svg+xml");
    return svg(b.get(MimeBundle.SVG));
  }

  /** The pixel at (x, y) as 0xRRGGBB. */
  static int rgb(BufferedImage img, int x, int y) {
    return img.getRGB(x, y) & 0xffffff;
  }

  /** Euclidean RGB distance. */
  static double distance(int a, int b) {
    int dr = ((a >> 16) & 255) - ((b >> 16) & 255);
    int dg = ((a >> 8) & 255) - ((b >> 8) & 255);
    int db = (a & 255) - (b & 255);
    return Math.sqrt(dr * dr + dg * dg + db * db);
  }

  /** Perceived brightness 0..255. */
  static double luminance(int rgb) {
    return 0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255);
  }
}
