import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Draws the kernelspec logos (a cup of coffee seen from above, with its crema) at 32 and 64 px.
 * Run from this directory: {@code java MakeLogos.java}.
 */
public class MakeLogos {
  public static void main(String[] args) throws Exception {
    for (int size : new int[] {32, 64}) {
      BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
      Graphics2D g = img.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      double s = size / 64.0;
      g.setColor(new Color(0xF5F0E6)); // saucer
      g.fill(new Ellipse2D.Double(1 * s, 1 * s, 62 * s, 62 * s));
      g.setColor(new Color(0x4E2A14)); // coffee
      g.fill(new Ellipse2D.Double(8 * s, 8 * s, 48 * s, 48 * s));
      g.setColor(new Color(0xC8894D)); // crema
      g.fill(new Ellipse2D.Double(13 * s, 13 * s, 38 * s, 38 * s));
      g.setColor(new Color(0x3A1F0F));
      g.setStroke(new BasicStroke((float) (1.5 * s)));
      g.draw(new Ellipse2D.Double(8 * s, 8 * s, 48 * s, 48 * s));
      g.setColor(Color.WHITE);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, (int) Math.round(26 * s)));
      var fm = g.getFontMetrics();
      String j = "J";
      g.drawString(j, (size - fm.stringWidth(j)) / 2f, (size + fm.getAscent() - fm.getDescent()) / 2f);
      g.dispose();
      ImageIO.write(img, "png", new File("logo-" + size + "x" + size + ".png"));
    }
  }
}
