package crema.viz;

import crema.display.DisplayHandle;
import crema.tensor.Tensor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.util.Locale;

/**
 * A batch of images in a grid, with their labels, the model's predictions and its confidence.
 * Misclassified images get a red frame and a red caption ("7 (62%)", then "true: 1"), right ones a
 * green caption: the picture every image-classification session ends with.
 *
 * <pre>{@code
 * ImageGrid.of(batch, 64, 1, 28, 28)              // [N, C, H, W], gray (C = 1) or RGB (C = 3)
 *     .labels(targets).predictions(predicted)
 *     .probabilities(softmax, 10)                 // [N, K]: confidence of each prediction
 *     .classNames("T-shirt", "Trouser", ...);
 * }</pre>
 *
 * <p>Values are scaled to the screen automatically: data already in [0, 1] is shown as is, anything
 * else (normalised inputs, activations) is stretched from its min to its max over the whole batch,
 * so images stay comparable. The picture is a PNG drawn with Java2D; the HTML form adds a caption
 * with the error count.
 */
public final class ImageGrid extends Drawing {
  private static final int GAP = 6;
  private static final Font CAPTION = Theme.font(10);

  private final float[] data;
  private final int n;
  private final int c;
  private final int h;
  private final int w;
  private int[] labels;
  private int[] predictions;
  private float[] confidence;
  private String[] classNames;
  private String title;
  private int columns;
  private int size;
  private double lo = Double.NaN;
  private double hi = Double.NaN;
  private boolean perImage;

  private ImageGrid(float[] data, int n, int c, int h, int w) {
    if (c != 1 && c != 3) {
      throw new IllegalArgumentException(
          "ImageGrid: images need 1 (gray) or 3 (RGB) channels, got shape ["
              + n
              + ", "
              + c
              + ", "
              + h
              + ", "
              + w
              + "]");
    }
    if ((long) n * c * h * w != data.length) {
      throw new IllegalArgumentException(
          "ImageGrid: "
              + data.length
              + " values do not match shape ["
              + n
              + ", "
              + c
              + ", "
              + h
              + ", "
              + w
              + "]");
    }
    this.data = data;
    this.n = n;
    this.c = c;
    this.h = h;
    this.w = w;
    this.columns = Math.max(1, Math.min(n, 8));
    int big = Math.max(h, w);
    this.size = big <= 40 ? big * 3 : big <= 80 ? big * 2 : Math.min(big, 128);
  }

  /** Images {@code [n, c, h, w]}, row-major (not copied: draw before changing the array). */
  public static ImageGrid of(float[] data, int n, int c, int h, int w) {
    return new ImageGrid(data, n, c, h, w);
  }

  /**
   * A batch as a tensor: {@code [N, C, H, W]} (C = 1 or 3) or {@code [N, H, W]} (gray). For one
   * image use {@link #image(Tensor)}.
   */
  public static ImageGrid of(Tensor batch) {
    int[] s = batch.shape();
    float[] d = batch.toFloatArray();
    return switch (s.length) {
      case 4 -> new ImageGrid(d, s[0], s[1], s[2], s[3]);
      case 3 -> new ImageGrid(d, s[0], 1, s[1], s[2]);
      default ->
          throw new IllegalArgumentException(
              "ImageGrid.of: need a batch [N, C, H, W] or [N, H, W], got "
                  + java.util.Arrays.toString(s)
                  + " (for one image use ImageGrid.image)");
    };
  }

  /** One image {@code [H, W]} (gray) or {@code [C, H, W]} (C = 1 or 3), shown larger. */
  public static ImageGrid image(Tensor image) {
    int[] s = image.shape();
    float[] d = image.toFloatArray();
    ImageGrid g =
        switch (s.length) {
          case 2 -> new ImageGrid(d, 1, 1, s[0], s[1]);
          case 3 -> new ImageGrid(d, 1, s[0], s[1], s[2]);
          default ->
              throw new IllegalArgumentException(
                  "ImageGrid.image: need an image [H, W] or [C, H, W], got "
                      + java.util.Arrays.toString(s));
        };
    int big = Math.max(s[s.length - 1], s[s.length - 2]);
    return g.size(big <= 64 ? Math.max(1, 224 / big) * big : Math.min(big, 448));
  }

  /**
   * Shows one image {@code [H, W]} or {@code [C, H, W]} in the notebook: the one-call way to look
   * at a tensor as a picture, values scaled to its range.
   *
   * <pre>{@code
   * ImageGrid.show(FashionMnist.test().x().slice(0, 0, 1).reshape(1, 28, 28));
   * }</pre>
   */
  public static DisplayHandle show(Tensor image) {
    return image(image).show();
  }

  /** Grayscale images {@code [n, h, w]}. */
  public static ImageGrid of(float[] data, int n, int h, int w) {
    return new ImageGrid(data, n, 1, h, w);
  }

  /** The true class of each image. */
  public ImageGrid labels(int... l) {
    this.labels = check("labels", l);
    return this;
  }

  /** The predicted class of each image; wrong ones are framed red when labels are known. */
  public ImageGrid predictions(int... p) {
    this.predictions = check("predictions", p);
    return this;
  }

  /** The confidence (probability) of each image's prediction, shown as a percentage. */
  public ImageGrid confidence(float... p) {
    if (p.length != n) {
      throw new IllegalArgumentException(
          "ImageGrid: " + p.length + " confidences for " + n + " images");
    }
    this.confidence = p.clone();
    return this;
  }

  /**
   * Class probabilities {@code [n, k]} (a softmax output): sets the predictions to their argmax
   * unless already given, and the confidence to the probability of the predicted class.
   */
  public ImageGrid probabilities(float[] probs, int k) {
    if (probs.length != n * k) {
      throw new IllegalArgumentException(
          "ImageGrid: probabilities have "
              + probs.length
              + " values, expected [n="
              + n
              + ", k="
              + k
              + "] = "
              + n * k);
    }
    if (predictions == null) {
      int[] p = new int[n];
      for (int i = 0; i < n; i++) {
        int best = 0;
        for (int j = 1; j < k; j++) {
          if (probs[i * k + j] > probs[i * k + best]) {
            best = j;
          }
        }
        p[i] = best;
      }
      predictions = p;
    }
    confidence = new float[n];
    for (int i = 0; i < n; i++) {
      int p = predictions[i];
      confidence[i] = p >= 0 && p < k ? probs[i * k + p] : Float.NaN;
    }
    return this;
  }

  /** Names for the class numbers in labels and predictions. */
  public ImageGrid classNames(String... names) {
    this.classNames = names.clone();
    return this;
  }

  /** A title above the grid. */
  public ImageGrid title(String t) {
    this.title = t;
    return this;
  }

  /** Images per row (default up to 8). */
  public ImageGrid columns(int cols) {
    if (cols < 1) {
      throw new IllegalArgumentException("ImageGrid: columns must be ≥ 1, got " + cols);
    }
    this.columns = cols;
    return this;
  }

  /** Edge of each shown image in pixels (default: 3× for small images like MNIST's 28). */
  public ImageGrid size(int px) {
    if (px < 4) {
      throw new IllegalArgumentException("ImageGrid: image size must be ≥ 4 px, got " + px);
    }
    this.size = px;
    return this;
  }

  /** Fixes the value range shown from black to white, instead of the automatic one. */
  public ImageGrid range(double min, double max) {
    this.lo = min;
    this.hi = max;
    return this;
  }

  /** Stretches each image on its own min..max (for activations of very different scales). */
  public ImageGrid perImage(boolean on) {
    this.perImage = on;
    return this;
  }

  private int[] check(String what, int[] v) {
    if (v.length != n) {
      throw new IllegalArgumentException(
          "ImageGrid: " + v.length + " " + what + " for " + n + " images");
    }
    return v.clone();
  }

  /** Number of images whose prediction differs from the label (0 without both). */
  public int misclassified() {
    if (labels == null || predictions == null) {
      return 0;
    }
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (labels[i] != predictions[i]) {
        k++;
      }
    }
    return k;
  }

  /** Whether image {@code i} is shown as misclassified. */
  public boolean wrong(int i) {
    return labels != null && predictions != null && labels[i] != predictions[i];
  }

  private int captionLines() {
    if (predictions != null && labels != null) {
      return 2;
    }
    return labels != null || predictions != null ? 1 : 0;
  }

  private int cellHeight() {
    return size + 3 + 12 * captionLines();
  }

  private int cellWidth() {
    return Math.max(size, captionLines() > 0 ? 56 : 0);
  }

  private int top() {
    return title != null ? 28 : GAP;
  }

  private int rows() {
    return (n + columns - 1) / columns;
  }

  /** Pixel position of image {@code i}'s top-left corner: {x, y}. */
  int[] position(int i) {
    int col = i % columns;
    int row = i / columns;
    int x = GAP + col * (cellWidth() + GAP) + (cellWidth() - size) / 2;
    int y = top() + row * (cellHeight() + GAP);
    return new int[] {x, y};
  }

  /** Edge of each image in pixels. */
  public int imageSize() {
    return size;
  }

  @Override
  public int width() {
    int cols = Math.min(columns, n);
    return Math.max(GAP + cols * (cellWidth() + GAP), title == null ? 0 : 16 + title.length() * 8);
  }

  @Override
  public int height() {
    return top() + rows() * (cellHeight() + GAP);
  }

  @Override
  protected boolean vector() {
    return false;
  }

  private String name(int k) {
    return classNames != null && k >= 0 && k < classNames.length ? classNames[k] : "" + k;
  }

  private String caption(int i) {
    if (predictions == null) {
      return labels == null ? "" : name(labels[i]);
    }
    StringBuilder b = new StringBuilder(name(predictions[i]));
    if (confidence != null && !Float.isNaN(confidence[i])) {
      b.append(String.format(Locale.ROOT, " (%.0f%%)", 100 * confidence[i]));
    }
    return b.toString();
  }

  @Override
  protected void paint(Graphics2D g) {
    double[] range = range();
    int plane = c * h * w;
    int scale = Math.max(1, size / Math.max(h, w));
    boolean exact = scale * Math.max(h, w) == size;
    g.setFont(CAPTION);
    FontMetrics fm = g.getFontMetrics();
    for (int i = 0; i < n; i++) {
      double ilo = range[0];
      double ihi = range[1];
      if (perImage) {
        double[] r = Raster.range(data, i * plane, plane);
        ilo = r[0];
        ihi = r[1];
      }
      int[] p = position(i);
      int dw = size * w / Math.max(h, w);
      int dh = size * h / Math.max(h, w);
      if (exact) {
        g.drawImage(Raster.picture(data, i * plane, c, h, w, ilo, ihi, scale), p[0], p[1], null);
      } else {
        Object old = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g.setRenderingHint(
            RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(
            Raster.picture(data, i * plane, c, h, w, ilo, ihi, 1), p[0], p[1], dw, dh, null);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, old);
      }
      if (wrong(i)) {
        g.setColor(Theme.ERROR);
        g.setStroke(new BasicStroke(3f));
        g.drawRect(p[0] - 1, p[1] - 1, dw + 1, dh + 1);
        g.setStroke(new BasicStroke(1f));
      }
      String cap = caption(i);
      if (!cap.isEmpty()) {
        g.setColor(
            predictions == null || labels == null
                ? Theme.TEXT
                : wrong(i) ? Theme.ERROR : new Color(0x1a7a1a));
        String s = Raster.fit(cap, CAPTION, cellWidth() + GAP - 2);
        Raster.centered(g, s, p[0] + size / 2.0, p[1] + size + 3 + fm.getAscent());
        if (wrong(i)) {
          String t = Raster.fit("true: " + name(labels[i]), CAPTION, cellWidth() + GAP - 2);
          Raster.centered(g, t, p[0] + size / 2.0, p[1] + size + 15 + fm.getAscent());
        }
      }
    }
    if (title != null) {
      g.setFont(Theme.bold(14));
      g.setColor(Theme.TEXT);
      Raster.centered(g, title, width() / 2.0, 20);
    }
  }

  /** The value range mapped to black..white. */
  double[] range() {
    if (!Double.isNaN(lo)) {
      return new double[] {lo, hi};
    }
    double[] r = Raster.range(data, 0, data.length);
    if (r[0] >= 0 && r[1] <= 1) {
      return new double[] {0, 1};
    }
    return r;
  }

  @Override
  protected String describe() {
    StringBuilder b =
        new StringBuilder("ImageGrid ")
            .append(n)
            .append(n == 1 ? " image " : " images ")
            .append(c)
            .append('×')
            .append(h)
            .append('×')
            .append(w);
    if (labels != null && predictions != null) {
      b.append(", ").append(misclassified()).append(" of ").append(n).append(" misclassified");
    }
    return b.toString();
  }

  @Override
  protected String html(byte[] png) {
    StringBuilder cap = new StringBuilder();
    cap.append(n).append(n == 1 ? " image" : " images");
    if (labels != null && predictions != null) {
      int wrong = misclassified();
      cap.append(" · ")
          .append(n - wrong)
          .append(" right, <span style=\"color:#d62728\">")
          .append(wrong)
          .append(" misclassified (red frame: predicted ≠ true)</span>");
    }
    return "<figure style=\"margin:0\">"
        + Html.img(png, width(), height(), describe())
        + "<figcaption style=\"font:12px sans-serif;color:#555\">"
        + cap
        + "</figcaption></figure>";
  }
}
