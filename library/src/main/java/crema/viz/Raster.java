package crema.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Drawing helpers shared by the Java2D figures: colour-mapped bitmaps, scale bars, labels. */
final class Raster {
  private Raster() {}

  /** The [min, max] of {@code n} values from {@code off}, ignoring NaN; [0, 1] if all NaN. */
  static double[] range(float[] v, int off, int n) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = off; i < off + n; i++) {
      float x = v[i];
      if (x < lo) {
        lo = x;
      }
      if (x > hi) {
        hi = x;
      }
    }
    if (lo > hi) {
      return new double[] {0, 1};
    }
    return new double[] {lo, hi};
  }

  /** The range to colour: symmetric around 0 for a diverging map, so 0 is the neutral colour. */
  static double[] colourRange(double lo, double hi, ColorMap map) {
    if (map.diverging()) {
      double m = Math.max(Math.abs(lo), Math.abs(hi));
      return new double[] {-m, m};
    }
    return new double[] {lo, hi};
  }

  /** Where {@code x} falls in [lo, hi], as a fraction; 0.5 when the range is empty. */
  static double unit(double x, double lo, double hi) {
    return hi > lo ? (x - lo) / (hi - lo) : 0.5;
  }

  /**
   * A colour-mapped {@code h × w} image of the values at {@code off}, each pixel blown up to a
   * {@code scale × scale} block (nearest neighbour, so pixels stay crisp).
   */
  static BufferedImage colorize(
      float[] v, int off, int h, int w, ColorMap map, double lo, double hi, int scale) {
    BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
    int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    int W = w * scale;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = map.rgb(unit(v[off + y * w + x], lo, hi));
        for (int dy = 0; dy < scale; dy++) {
          int row = (y * scale + dy) * W + x * scale;
          java.util.Arrays.fill(px, row, row + scale, rgb);
        }
      }
    }
    return img;
  }

  /**
   * An image from {@code c} planes ({@code c} = 1 gray, 3 RGB) of {@code h × w} values at {@code
   * off}, mapped from [lo, hi] to [0, 255], blown up by {@code scale}.
   */
  static BufferedImage picture(
      float[] v, int off, int c, int h, int w, double lo, double hi, int scale) {
    BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
    int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    int W = w * scale;
    int plane = h * w;
    double k = hi > lo ? 255.0 / (hi - lo) : 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = off + y * w + x;
        int rgb;
        if (c == 1) {
          int g = byteOf(v[i], lo, k);
          rgb = (g << 16) | (g << 8) | g;
        } else {
          rgb =
              (byteOf(v[i], lo, k) << 16)
                  | (byteOf(v[i + plane], lo, k) << 8)
                  | byteOf(v[i + 2 * plane], lo, k);
        }
        for (int dy = 0; dy < scale; dy++) {
          int row = (y * scale + dy) * W + x * scale;
          java.util.Arrays.fill(px, row, row + scale, rgb);
        }
      }
    }
    return img;
  }

  private static int byteOf(float x, double lo, double k) {
    int b = (int) Math.round((x - lo) * k);
    return b < 0 ? 0 : Math.min(b, 255);
  }

  /**
   * A vertical scale bar at (x, y) of size {@code w × h}, high values on top, with tick labels to
   * its right. Returns the total width used.
   */
  static int colorBar(
      Graphics2D g, int x, int y, int w, int h, ColorMap map, double lo, double hi) {
    BufferedImage bar = new BufferedImage(1, 256, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < 256; i++) {
      bar.setRGB(0, i, map.rgb(1.0 - i / 255.0));
    }
    g.drawImage(bar, x, y, w, h, null);
    g.setColor(Theme.GRID);
    g.drawRect(x, y, w, h);
    g.setFont(Theme.font(10));
    g.setColor(Theme.TEXT);
    FontMetrics fm = g.getFontMetrics();
    int widest = 0;
    for (double value : barTicks(lo, hi, h, fm.getHeight())) {
      double f = hi > lo ? (value - lo) / (hi - lo) : 0;
      int ty = y + (int) Math.round((1 - f) * h);
      String s = number(value);
      g.drawLine(x + w, ty, x + w + 3, ty);
      g.drawString(s, x + w + 5, ty + fm.getAscent() / 2 - 1);
      widest = Math.max(widest, fm.stringWidth(s));
    }
    return w + 5 + widest;
  }

  /**
   * The values a scale bar of {@code h} pixels labels: its two ends, which say the exact range, and
   * round values between them (0.1, 0.2, 0.3 rather than 0.0961, 0.192, 0.288), none closer than a
   * line of text to another.
   */
  static List<Double> barTicks(double lo, double hi, int h, int lineHeight) {
    List<Double> values = new ArrayList<>(List.of(lo));
    if (!(hi > lo)) {
      return values;
    }
    int inner = h >= 120 ? 4 : h >= 50 ? 2 : 0;
    if (inner > 0) {
      double step = AxisTicks.roundStepAtLeast((hi - lo) / (inner + 1));
      double room = (lineHeight + 2) * (hi - lo) / h; // a line of text, in data units
      for (double k = Math.ceil(lo / step); k * step < hi; k++) {
        double v = step < 1 ? k / Math.rint(1 / step) : k * step; // 3 / 10, not 3 × 0.1
        if (v - lo >= room && hi - v >= room) {
          values.add(v);
        }
      }
    }
    values.add(hi);
    return values;
  }

  /** A short human form of a number: 3 significant digits, no trailing zeros. */
  static String number(double v) {
    if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
      return v == 0 ? "0" : String.valueOf(v);
    }
    double a = Math.abs(v);
    if (a >= 1e5 || a < 1e-3) {
      return String.format(Locale.ROOT, "%.2g", v).replace("e+0", "e").replace("e-0", "e-");
    }
    String s = String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.3g", v);
    if (s.contains(".") && !s.contains("e")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }

  /** Draws {@code s} centred on {@code cx}, with its baseline at {@code baseline}. */
  static void centered(Graphics2D g, String s, double cx, double baseline) {
    FontMetrics fm = g.getFontMetrics();
    g.drawString(s, (float) (cx - fm.stringWidth(s) / 2.0), (float) baseline);
  }

  /**
   * Draws {@code s} rotated by -90° (reading upwards), centred on {@code cy}, right of {@code x}.
   */
  static void vertical(Graphics2D g, String s, double x, double cy) {
    AffineTransform old = g.getTransform();
    FontMetrics fm = g.getFontMetrics();
    g.translate(x + fm.getAscent(), cy + fm.stringWidth(s) / 2.0);
    g.rotate(-Math.PI / 2);
    g.drawString(s, 0, 0);
    g.setTransform(old);
  }

  /** The width of {@code s} in {@code font}, measured without a screen. */
  static int textWidth(String s, Font font) {
    return METRICS.getFontMetrics(font).stringWidth(s);
  }

  /** Text that fits in {@code max} pixels, cut with an ellipsis if needed. */
  static String fit(String s, Font font, int max) {
    if (textWidth(s, font) <= max) {
      return s;
    }
    String t = s;
    while (t.length() > 1 && textWidth(t + "…", font) > max) {
      t = t.substring(0, t.length() - 1);
    }
    return t + "…";
  }

  /** Black or white, whichever reads better on {@code rgb}. */
  static Color ink(int rgb) {
    double lum = 0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255);
    return lum > 140 ? Theme.TEXT : Color.WHITE;
  }

  private static final Graphics2D METRICS =
      new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
}
