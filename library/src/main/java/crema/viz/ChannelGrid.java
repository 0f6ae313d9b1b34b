package crema.viz;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.util.Locale;

/**
 * Planes of numbers (channels of an activation, kernels of a conv layer) side by side in a grid,
 * all coloured on one shared scale with one scale bar, so brightness compares across channels. Made
 * by {@link FeatureMaps} and {@link Filters}; usable directly for any stack of 2-D maps.
 *
 * <pre>{@code
 * new ChannelGrid(values, 6, 24, 24)          // 6 maps of 24×24, row-major one after another
 *     .colorMap(ColorMap.VIRIDIS).title("conv1 activations");
 * }</pre>
 */
public final class ChannelGrid extends Drawing {
  private static final int GAP = 4;

  private final float[] v;
  private final int count;
  private final int h;
  private final int w;
  private String[] captions;
  private String title;
  private ColorMap map = ColorMap.VIRIDIS;
  private int columns;
  private int scale;
  private double lo = Double.NaN;
  private double hi = Double.NaN;

  /** {@code count} maps of {@code h × w}, row-major, one after another (copied). */
  public ChannelGrid(float[] values, int count, int h, int w) {
    if (count < 1 || h < 1 || w < 1 || values.length != count * h * w) {
      throw new IllegalArgumentException(
          "ChannelGrid: "
              + values.length
              + " values do not match "
              + count
              + " maps of "
              + h
              + "×"
              + w);
    }
    this.v = values.clone();
    this.count = count;
    this.h = h;
    this.w = w;
    this.columns = Math.min(count, count <= 8 ? count : count <= 32 ? 8 : 16);
    int big = Math.max(h, w);
    this.scale = Math.max(1, Math.min(16, (big <= 8 ? 64 : big <= 16 ? 72 : 84) / big));
  }

  /** One caption per map (default: the map's index). */
  public ChannelGrid captions(String... c) {
    if (c.length != count) {
      throw new IllegalArgumentException(
          "ChannelGrid: " + c.length + " captions for " + count + " maps");
    }
    this.captions = c.clone();
    return this;
  }

  /** A title above the grid. */
  public ChannelGrid title(String t) {
    this.title = t;
    return this;
  }

  /** The colour map (viridis by default; diverging maps centre 0). */
  public ChannelGrid colorMap(ColorMap m) {
    this.map = m;
    return this;
  }

  /** Maps per row. */
  public ChannelGrid columns(int c) {
    if (c < 1) {
      throw new IllegalArgumentException("ChannelGrid: columns must be ≥ 1, got " + c);
    }
    this.columns = c;
    return this;
  }

  /** Pixels per value (default: about 84 pixels per map). */
  public ChannelGrid scale(int s) {
    if (s < 1) {
      throw new IllegalArgumentException("ChannelGrid: scale must be ≥ 1, got " + s);
    }
    this.scale = s;
    return this;
  }

  /** Fixes the colour range instead of the data's. */
  public ChannelGrid range(double min, double max) {
    this.lo = min;
    this.hi = max;
    return this;
  }

  /** The colour range used: the data's min..max, symmetric around 0 for a diverging map. */
  public double[] colourRange() {
    if (!Double.isNaN(lo)) {
      return new double[] {lo, hi};
    }
    double[] r = Raster.range(v, 0, v.length);
    return Raster.colourRange(r[0], r[1], map);
  }

  /** Number of maps. */
  public int count() {
    return count;
  }

  /** Value {@code (y, x)} of map {@code i}. */
  public float value(int i, int y, int x) {
    return v[(i * h + y) * w + x];
  }

  private int top() {
    return title != null ? 28 : GAP;
  }

  private int captionHeight() {
    return 13;
  }

  private int rows() {
    return (count + columns - 1) / columns;
  }

  /** Pixel position of map {@code i}'s top-left corner, and pixels per value: {x, y, scale}. */
  int[] position(int i) {
    int cw = Math.max(w * scale, 20);
    int x = GAP + (i % columns) * (cw + GAP);
    int y = top() + (i / columns) * (h * scale + captionHeight() + GAP);
    return new int[] {x, y, scale};
  }

  @Override
  public int width() {
    int cw = Math.max(w * scale, 20);
    int grid = GAP + Math.min(columns, count) * (cw + GAP);
    int bar = 14 + 50;
    int t = title == null ? 0 : Raster.textWidth(title, Theme.bold(14)) + 16;
    return Math.max(grid + bar + GAP, t);
  }

  @Override
  public int height() {
    return top() + rows() * (h * scale + captionHeight() + GAP) + GAP;
  }

  @Override
  protected boolean vector() {
    return false;
  }

  @Override
  protected void paint(Graphics2D g) {
    double[] r = colourRange();
    g.setFont(Theme.font(10));
    FontMetrics fm = g.getFontMetrics();
    int plane = h * w;
    for (int i = 0; i < count; i++) {
      int[] p = position(i);
      g.drawImage(Raster.colorize(v, i * plane, h, w, map, r[0], r[1], scale), p[0], p[1], null);
      g.setColor(Theme.TEXT);
      String cap = captions != null ? captions[i] : String.valueOf(i);
      Raster.centered(g, cap, p[0] + w * scale / 2.0, p[1] + h * scale + fm.getAscent() + 1);
    }
    int cw = Math.max(w * scale, 20);
    int barX = GAP + Math.min(columns, count) * (cw + GAP) + 4;
    int barH = Math.max(40, Math.min(rows() * (h * scale + captionHeight() + GAP) - GAP, 300));
    Raster.colorBar(g, barX, top(), 14, barH, map, r[0], r[1]);
    if (title != null) {
      g.setFont(Theme.bold(14));
      g.setColor(Theme.TEXT);
      Raster.centered(g, title, width() / 2.0, 20);
    }
  }

  @Override
  protected String describe() {
    double[] r = colourRange();
    return String.format(
        Locale.ROOT,
        "%s%d maps of %d×%d, range [%s, %s]",
        title != null ? title + ": " : "",
        count,
        h,
        w,
        Raster.number(r[0]),
        Raster.number(r[1]));
  }
}
