package crema.viz;

import crema.tensor.Tensor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * A classifier's decision regions over a 2-D plane with the training points on top, the TensorFlow
 * Playground view. The model is evaluated on a grid covering the points (plus a margin); each grid
 * cell is coloured by the predicted class, stronger where the model is surer.
 *
 * <pre>{@code
 * DecisionBoundary.of(model::forward, x, labels).title("2-16-16-2 MLP after 200 epochs");
 * }</pre>
 *
 * <p>The model gets a {@code [m, 2]} tensor and returns either one score per point ({@code [m]} or
 * {@code [m, 1]}: a probability in [0, 1], or a logit, to which a sigmoid is applied) or {@code [m,
 * k]} class scores (a softmax is applied unless the rows already are probabilities). It runs
 * without gradients.
 */
public final class DecisionBoundary extends Drawing {
  private static final int PLOT = 400;
  private static final int LEFT = 48;
  private static final int BOTTOM = 34;
  private static final int LEGEND = 110;

  private final float[] points;
  private final int[] labels;
  private final Function<Tensor, Tensor> model;
  private String[] classNames;
  private String title;
  private int resolution = 100;
  private double[] box;
  private int[] gridClass;
  private float[] gridConfidence;
  private int classes;
  private boolean singleScore;

  private DecisionBoundary(Function<Tensor, Tensor> model, float[] points, int[] labels) {
    this.model = model;
    this.points = points;
    this.labels = labels;
  }

  /** The model's regions around {@code points} {@code [n, 2]} with their {@code labels}. */
  public static DecisionBoundary of(Function<Tensor, Tensor> model, Tensor points, int[] labels) {
    int[] s = points.shape();
    if (s.length != 2 || s[1] != 2) {
      throw new IllegalArgumentException(
          "DecisionBoundary: need 2-D points [n, 2], got " + Arrays.toString(s));
    }
    if (labels.length != s[0]) {
      throw new IllegalArgumentException(
          "DecisionBoundary: " + labels.length + " labels for " + s[0] + " points");
    }
    return new DecisionBoundary(model, points.toFloatArray(), labels.clone());
  }

  /** A title above the plot. */
  public DecisionBoundary title(String t) {
    this.title = t;
    return this;
  }

  /** Names of the classes, for the legend. */
  public DecisionBoundary classNames(String... names) {
    this.classNames = names.clone();
    return this;
  }

  /** Grid cells per side (default 100). */
  public DecisionBoundary resolution(int cells) {
    if (cells < 2 || cells > PLOT) {
      throw new IllegalArgumentException(
          "DecisionBoundary: resolution must be in [2, " + PLOT + "], got " + cells);
    }
    this.resolution = cells;
    this.gridClass = null;
    return this;
  }

  /** The plotted region {xmin, xmax, ymin, ymax}: the points' bounds plus 10%. */
  double[] box() {
    if (box == null) {
      double x0 = Double.POSITIVE_INFINITY;
      double x1 = Double.NEGATIVE_INFINITY;
      double y0 = Double.POSITIVE_INFINITY;
      double y1 = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < points.length; i += 2) {
        x0 = Math.min(x0, points[i]);
        x1 = Math.max(x1, points[i]);
        y0 = Math.min(y0, points[i + 1]);
        y1 = Math.max(y1, points[i + 1]);
      }
      if (!(x1 > x0)) {
        x0 -= 1;
        x1 += 1;
      }
      if (!(y1 > y0)) {
        y0 -= 1;
        y1 += 1;
      }
      double mx = 0.1 * (x1 - x0);
      double my = 0.1 * (y1 - y0);
      box = new double[] {x0 - mx, x1 + mx, y0 - my, y1 + my};
    }
    return box;
  }

  /** Runs the model on the grid (once) and keeps the class and confidence per cell. */
  private void evaluate() {
    if (gridClass != null) {
      return;
    }
    double[] b = box();
    int g = resolution;
    float[] grid = new float[g * g * 2];
    for (int r = 0; r < g; r++) {
      for (int c = 0; c < g; c++) {
        int i = r * g + c;
        grid[2 * i] = (float) (b[0] + (c + 0.5) * (b[1] - b[0]) / g);
        grid[2 * i + 1] = (float) (b[3] - (r + 0.5) * (b[3] - b[2]) / g); // row 0 at the top
      }
    }
    Tensor out;
    try (var ng = Tensor.noGrad()) {
      out = model.apply(Tensor.of(grid, g * g, 2));
    }
    int[] s = out.shape();
    float[] v = out.toFloatArray();
    int m = g * g;
    gridClass = new int[m];
    singleScore = false;
    gridConfidence = new float[m];
    if (v.length == m) {
      boolean probabilities = true;
      for (float p : v) {
        probabilities &= p >= 0 && p <= 1;
      }
      for (int i = 0; i < m; i++) {
        double p = probabilities ? v[i] : 1 / (1 + Math.exp(-v[i]));
        gridClass[i] = p >= 0.5 ? 1 : 0;
        gridConfidence[i] = (float) p; // one score: keep p itself, coloured on a diverging scale
      }
      classes = 2;
      singleScore = true;
    } else if (s.length == 2 && s[0] == m) {
      int k = s[1];
      classes = k;
      for (int i = 0; i < m; i++) {
        double max = Double.NEGATIVE_INFINITY;
        int best = 0;
        double sum = 0;
        boolean prob = true;
        for (int j = 0; j < k; j++) {
          float x = v[i * k + j];
          prob &= x >= 0 && x <= 1;
          sum += x;
          if (x > max) {
            max = x;
            best = j;
          }
        }
        double conf;
        if (prob && Math.abs(sum - 1) < 1e-3) {
          conf = max;
        } else {
          double z = 0;
          for (int j = 0; j < k; j++) {
            z += Math.exp(v[i * k + j] - max);
          }
          conf = 1 / z;
        }
        gridClass[i] = best;
        gridConfidence[i] = (float) conf;
      }
    } else {
      throw new IllegalArgumentException(
          "DecisionBoundary: the model mapped ["
              + m
              + ", 2] to "
              + Arrays.toString(s)
              + "; expected ["
              + m
              + "], ["
              + m
              + ", 1] or ["
              + m
              + ", k]");
    }
    for (int l : labels) {
      classes = Math.max(classes, l + 1);
    }
  }

  /** The predicted class at grid cell (row, col), row 0 at the top. */
  int predicted(int row, int col) {
    evaluate();
    return gridClass[row * resolution + col];
  }

  private int binaryColour(double p) {
    // TensorFlow Playground: orange for class 0, blue for class 1, white at the boundary
    int a = Theme.color(1).getRGB() & 0xffffff;
    int b = Theme.color(0).getRGB() & 0xffffff;
    double t = Math.abs(p - 0.5) * 2 * 0.65;
    int target = p >= 0.5 ? b : a;
    return blend(0xffffff, target, t);
  }

  private static int blend(int from, int to, double t) {
    int r = (int) Math.round(((from >> 16) & 255) * (1 - t) + ((to >> 16) & 255) * t);
    int g = (int) Math.round(((from >> 8) & 255) * (1 - t) + ((to >> 8) & 255) * t);
    int b = (int) Math.round((from & 255) * (1 - t) + (to & 255) * t);
    return (r << 16) | (g << 8) | b;
  }

  private Color classColour(int k) {
    return classes == 2 ? Theme.color(k == 0 ? 1 : 0) : Theme.color(k);
  }

  @Override
  public int width() {
    return LEFT + PLOT + 16 + LEGEND;
  }

  @Override
  public int height() {
    return top() + PLOT + BOTTOM;
  }

  private int top() {
    return title != null ? 30 : 10;
  }

  @Override
  protected boolean vector() {
    return false;
  }

  @Override
  protected void paint(Graphics2D g) {
    evaluate();
    int res = resolution;
    BufferedImage bg = new BufferedImage(res, res, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < res * res; i++) {
      int rgb;
      if (singleScore) {
        rgb = binaryColour(gridConfidence[i]);
      } else {
        double t = (gridConfidence[i] - 1.0 / classes) / (1 - 1.0 / classes);
        rgb = blend(0xffffff, classColour(gridClass[i]).getRGB() & 0xffffff, 0.15 + 0.5 * t);
      }
      bg.setRGB(i % res, i / res, rgb);
    }
    int x0 = LEFT;
    int y0 = top();
    g.drawImage(bg, x0, y0, PLOT, PLOT, null);
    double[] b = box();
    for (int i = 0; i < labels.length; i++) {
      double px = x0 + (points[2 * i] - b[0]) / (b[1] - b[0]) * PLOT;
      double py = y0 + (b[3] - points[2 * i + 1]) / (b[3] - b[2]) * PLOT;
      Ellipse2D dot = new Ellipse2D.Double(px - 3.5, py - 3.5, 7, 7);
      g.setColor(classColour(labels[i]));
      g.fill(dot);
      g.setColor(Color.WHITE);
      g.setStroke(new BasicStroke(1f));
      g.draw(dot);
    }
    g.setColor(Theme.GRID);
    g.drawRect(x0, y0, PLOT, PLOT);
    axes(g, b, x0, y0);
    legend(g, x0 + PLOT + 16, y0);
    if (title != null) {
      g.setFont(Theme.bold(14));
      g.setColor(Theme.TEXT);
      Raster.centered(g, title, width() / 2.0, 20);
    }
  }

  private void axes(Graphics2D g, double[] b, int x0, int y0) {
    g.setFont(Theme.font(10));
    g.setColor(Theme.TEXT);
    FontMetrics fm = g.getFontMetrics();
    for (double t : ticks(b[0], b[1])) {
      double px = x0 + (t - b[0]) / (b[1] - b[0]) * PLOT;
      g.drawLine((int) px, y0 + PLOT, (int) px, y0 + PLOT + 4);
      Raster.centered(g, Raster.number(t), px, y0 + PLOT + 6 + fm.getAscent());
    }
    for (double t : ticks(b[2], b[3])) {
      double py = y0 + (b[3] - t) / (b[3] - b[2]) * PLOT;
      g.drawLine(x0 - 4, (int) py, x0, (int) py);
      String s = Raster.number(t);
      g.drawString(s, x0 - 6 - fm.stringWidth(s), (float) (py + fm.getAscent() / 2.0 - 1));
    }
  }

  /** "Nice" ticks (1, 2, 5 × 10^k steps) inside [lo, hi]. */
  static double[] ticks(double lo, double hi) {
    double raw = (hi - lo) / 5;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step =
        raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
    double first = Math.ceil(lo / step) * step;
    int n = (int) Math.floor((hi - first) / step + 1e-9) + 1;
    double[] t = new double[Math.max(0, n)];
    for (int i = 0; i < t.length; i++) {
      t[i] = Math.abs(first + i * step) < step * 1e-9 ? 0 : first + i * step;
    }
    return t;
  }

  private void legend(Graphics2D g, int x, int y) {
    g.setFont(Theme.font(11));
    FontMetrics fm = g.getFontMetrics();
    for (int k = 0; k < classes; k++) {
      int yy = y + 6 + k * 18;
      g.setColor(classColour(k));
      g.fill(new Ellipse2D.Double(x, yy, 9, 9));
      g.setColor(Theme.TEXT);
      String name = classNames != null && k < classNames.length ? classNames[k] : "class " + k;
      g.drawString(Raster.fit(name, Theme.font(11), LEGEND - 18), x + 14, yy + fm.getAscent() - 2);
    }
  }

  /** Fraction of the points the model classifies right. */
  public double accuracy() {
    int right = 0;
    int n = labels.length;
    Tensor out;
    try (var ng = Tensor.noGrad()) {
      out = model.apply(Tensor.of(points, n, 2));
    }
    float[] v = out.toFloatArray();
    int k = v.length / n;
    for (int i = 0; i < n; i++) {
      int pred;
      if (k == 1) {
        boolean prob = v[i] >= 0 && v[i] <= 1;
        pred = (prob ? v[i] >= 0.5 : v[i] >= 0) ? 1 : 0;
      } else {
        pred = 0;
        for (int j = 1; j < k; j++) {
          if (v[i * k + j] > v[i * k + pred]) {
            pred = j;
          }
        }
      }
      if (pred == labels[i]) {
        right++;
      }
    }
    return (double) right / n;
  }

  @Override
  protected String describe() {
    return String.format(
        Locale.ROOT,
        "DecisionBoundary %d points, %d classes, accuracy %.1f%%%s",
        labels.length,
        Math.max(classes, Arrays.stream(labels).max().orElse(0) + 1),
        100 * accuracy(),
        title != null ? " '" + title + "'" : "");
  }
}
