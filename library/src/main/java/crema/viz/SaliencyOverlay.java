package crema.viz;

import crema.tensor.Tensor;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Where the model looked: an image, its saliency map (gradient magnitude, integrated gradients,
 * occlusion scores...) and the two blended, side by side with a scale bar. The overlay shows the
 * image in gray with the heat laid over it, opaque where saliency is high and clear where it is
 * low: {@code pixel = (1 − a·s)·gray + a·s·heat(s)}, with {@code s} the saliency scaled to [0, 1].
 *
 * <pre>{@code
 * Tensor grad = ...;                                   // d score / d image, [1, 28, 28]
 * SaliencyOverlay.of(image, grad.abs()).title("why 'Sneaker'?");
 * }</pre>
 *
 * <p>A saliency with channels ({@code [C, H, W]}) is reduced to one map by the largest absolute
 * value over the channels, as Simonyan et al. do.
 */
public final class SaliencyOverlay extends Drawing {
  private static final int GAP = 10;

  private final float[] image;
  private final int c;
  private final int h;
  private final int w;
  private final float[] saliency;
  private ColorMap map = ColorMap.MAGMA;
  private double alpha = 0.75;
  private String title;
  private int size;

  private SaliencyOverlay(float[] image, int c, int h, int w, float[] saliency) {
    if (c != 1 && c != 3) {
      throw new IllegalArgumentException(
          "SaliencyOverlay: the image needs 1 or 3 channels, got " + c);
    }
    if (image.length != c * h * w) {
      throw new IllegalArgumentException(
          "SaliencyOverlay: image has "
              + image.length
              + " values, not ["
              + c
              + ", "
              + h
              + ", "
              + w
              + "]");
    }
    if (saliency.length != h * w) {
      throw new IllegalArgumentException(
          "SaliencyOverlay: saliency has "
              + saliency.length
              + " values, the image is "
              + h
              + "×"
              + w);
    }
    this.image = image.clone();
    this.c = c;
    this.h = h;
    this.w = w;
    this.saliency = saliency.clone();
    int big = Math.max(h, w);
    this.size = big <= 64 ? Math.max(1, 168 / big) * big : Math.min(big, 224);
  }

  /** An image {@code [c, h, w]} and its saliency {@code [h, w]}, both row-major. */
  public static SaliencyOverlay of(float[] image, int c, int h, int w, float[] saliency) {
    return new SaliencyOverlay(image, c, h, w, saliency);
  }

  /**
   * An image ({@code [H, W]}, {@code [C, H, W]} or {@code [1, C, H, W]}) and its saliency ({@code
   * [H, W]}, or with channel and batch dimensions, reduced by max |value| over channels).
   */
  public static SaliencyOverlay of(Tensor image, Tensor saliency) {
    int[] is = squeezeBatch(image.shape(), "image");
    int ic = is.length == 2 ? 1 : is[0];
    int ih = is[is.length - 2];
    int iw = is[is.length - 1];
    int[] ss = squeezeBatch(saliency.shape(), "saliency");
    float[] s = saliency.toFloatArray();
    if (ss.length == 3) {
      int plane = ss[1] * ss[2];
      float[] r = new float[plane];
      for (int ch = 0; ch < ss[0]; ch++) {
        for (int i = 0; i < plane; i++) {
          r[i] = Math.max(r[i], Math.abs(s[ch * plane + i]));
        }
      }
      s = r;
    }
    return new SaliencyOverlay(image.toFloatArray(), ic, ih, iw, s);
  }

  private static int[] squeezeBatch(int[] s, String what) {
    if (s.length == 4 && s[0] == 1) {
      return Arrays.copyOfRange(s, 1, 4);
    }
    if (s.length == 2 || s.length == 3) {
      return s;
    }
    throw new IllegalArgumentException(
        "SaliencyOverlay: the "
            + what
            + " must be [H, W], [C, H, W] or [1, C, H, W], got "
            + Arrays.toString(s));
  }

  /** The colour map of the heat (default magma). */
  public SaliencyOverlay colorMap(ColorMap m) {
    this.map = m;
    return this;
  }

  /** How opaque the heat is where saliency is highest, in [0, 1] (default 0.75). */
  public SaliencyOverlay alpha(double a) {
    if (a < 0 || a > 1) {
      throw new IllegalArgumentException("SaliencyOverlay: alpha must be in [0, 1], got " + a);
    }
    this.alpha = a;
    return this;
  }

  /** A title above the panels. */
  public SaliencyOverlay title(String t) {
    this.title = t;
    return this;
  }

  private int top() {
    return (title != null ? 28 : 6) + 16;
  }

  /** Top-left corner of panel {@code i} (0 image, 1 saliency, 2 overlay) and panel size. */
  int[] panel(int i) {
    return new int[] {GAP + i * (size + GAP), top(), size};
  }

  @Override
  public int width() {
    return GAP + 3 * (size + GAP) + 14 + 50;
  }

  @Override
  public int height() {
    return top() + size + GAP;
  }

  @Override
  protected boolean vector() {
    return false;
  }

  /** The blended overlay at the data's resolution, scaled up to the panel. */
  BufferedImage overlay() {
    double[] ir = Raster.range(image, 0, image.length);
    if (ir[0] >= 0 && ir[1] <= 1) {
      ir = new double[] {0, 1};
    }
    double[] sr = Raster.range(saliency, 0, saliency.length);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int plane = h * w;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        double gray;
        if (c == 1) {
          gray = Raster.unit(image[i], ir[0], ir[1]);
        } else {
          gray =
              0.299 * Raster.unit(image[i], ir[0], ir[1])
                  + 0.587 * Raster.unit(image[plane + i], ir[0], ir[1])
                  + 0.114 * Raster.unit(image[2 * plane + i], ir[0], ir[1]);
        }
        gray = Math.max(0, Math.min(1, gray)) * 255;
        double s = Raster.unit(saliency[i], sr[0], sr[1]);
        int heat = map.rgb(s);
        double a = alpha * s;
        int r = (int) Math.round((1 - a) * gray + a * ((heat >> 16) & 255));
        int g = (int) Math.round((1 - a) * gray + a * ((heat >> 8) & 255));
        int b = (int) Math.round((1 - a) * gray + a * (heat & 255));
        out.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return out;
  }

  @Override
  protected void paint(Graphics2D g) {
    double[] ir = Raster.range(image, 0, image.length);
    if (ir[0] >= 0 && ir[1] <= 1) {
      ir = new double[] {0, 1};
    }
    double[] sr = Raster.range(saliency, 0, saliency.length);
    String[] names = {"image", "saliency", "overlay"};
    BufferedImage[] panels = {
      Raster.picture(image, 0, c, h, w, ir[0], ir[1], 1),
      Raster.colorize(saliency, 0, h, w, map, sr[0], sr[1], 1),
      overlay()
    };
    g.setFont(Theme.font(12));
    for (int i = 0; i < 3; i++) {
      int[] p = panel(i);
      int dw = size * w / Math.max(h, w);
      int dh = size * h / Math.max(h, w);
      g.drawImage(panels[i], p[0], p[1], dw, dh, null);
      g.setColor(Theme.TEXT);
      Raster.centered(g, names[i], p[0] + dw / 2.0, p[1] - 5);
    }
    Raster.colorBar(g, GAP + 3 * (size + GAP), top(), 14, size, map, sr[0], sr[1]);
    if (title != null) {
      g.setFont(Theme.bold(14));
      g.setColor(Theme.TEXT);
      Raster.centered(g, title, width() / 2.0, 20);
    }
  }

  @Override
  protected String describe() {
    double[] sr = Raster.range(saliency, 0, saliency.length);
    return "SaliencyOverlay "
        + c
        + "×"
        + h
        + "×"
        + w
        + (title != null ? " '" + title + "'" : "")
        + ", saliency range ["
        + Raster.number(sr[0])
        + ", "
        + Raster.number(sr[1])
        + "]";
  }
}
