package crema.viz;

import crema.tensor.Tensor;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One-call charts for notebooks, so nobody writes XChart boilerplate: each method returns a themed
 * {@link Figure} (640×400, titles, axis labels, legend) that shows itself as SVG with a PNG
 * fallback.
 *
 * <pre>{@code
 * Plots.line(losses).title("loss per batch").xLabel("batch").yLabel("loss");
 * Plots.perEpoch(history.get("val_accuracy")).title("validation accuracy");   // epochs 1, 2, ...
 * Plots.function(z -> 1 / (1 + Math.exp(-z)), -6, 6).title("sigmoid");
 * Plots.scatter(x, y, classes);                 // one colour per class
 * Plots.bar(new String[] {"cat", "dog"}, new double[] {0.9, 0.7});
 * Plots.histogram(weights, 40).title("conv1 weights");
 * Plots.heatmap(matrix);                        // a Heatmap with a scale bar
 * }</pre>
 */
public final class Plots {
  private Plots() {}

  /** A line of {@code y} against x = 0, 1, 2, ... */
  public static Figure line(double[] y) {
    return line(indices(y.length, 0), y);
  }

  /** A line of {@code y} against x = 0, 1, 2, ... */
  public static Figure line(float[] y) {
    return line(toDouble(y));
  }

  /** A line through the points (x[i], y[i]). */
  public static Figure line(double[] x, double[] y) {
    sameLength("line", x, y);
    Figure f = new Figure(xyChart());
    f.add("y", x, y);
    return f.legend(false);
  }

  /** Several named lines against x = 0, 1, 2, ..., one colour each, with a legend. */
  public static Figure line(Map<String, double[]> series) {
    Figure f = new Figure(xyChart());
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      f.add(e.getKey(), indices(e.getValue().length, 0), e.getValue());
    }
    return f;
  }

  /**
   * Several named lines over the same x values, one colour each, with a legend.
   *
   * <pre>{@code
   * Plots.line(new double[] {0, 0.5, 1}, Map.of("train", train, "test", test));
   * }</pre>
   */
  public static Figure line(double[] x, Map<String, double[]> series) {
    Figure f = new Figure(xyChart());
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      if (e.getValue().length != x.length) {
        throw new IllegalArgumentException(
            "Plots.line: x has "
                + x.length
                + " values but series '"
                + e.getKey()
                + "' has "
                + e.getValue().length);
      }
      f.add(e.getKey(), x, e.getValue());
    }
    return f;
  }

  /**
   * Per-epoch values against epochs 1, 2, 3, ..., the x axis titled "epoch": what a {@code History}
   * records, or a loop that keeps one number per epoch.
   *
   * <pre>{@code
   * Plots.perEpoch(history.get("val_accuracy")).yLabel("accuracy");
   * }</pre>
   */
  public static Figure perEpoch(double[] y) {
    return line(indices(y.length, 1), y).xLabel("epoch");
  }

  /** Per-epoch values as a list (one number added each epoch), against epochs 1, 2, 3, ... */
  public static Figure perEpoch(List<? extends Number> y) {
    return perEpoch(y.stream().mapToDouble(Number::doubleValue).toArray());
  }

  /**
   * Several named per-epoch series against epochs 1, 2, 3, ..., one colour each, with a legend;
   * series may have different lengths (a run stopped early).
   *
   * <pre>{@code
   * Plots.perEpoch(Map.of("train", h.get("accuracy"), "val", h.get("val_accuracy")));
   * }</pre>
   */
  public static Figure perEpoch(Map<String, double[]> series) {
    Figure f = new Figure(xyChart());
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      f.add(e.getKey(), indices(e.getValue().length, 1), e.getValue());
    }
    return f.xLabel("epoch");
  }

  /**
   * A function plotted on [from, to] at 400 points: activation functions, losses, schedules.
   *
   * <pre>{@code
   * Plots.function(Math::tanh, -4, 4).title("tanh");
   * }</pre>
   */
  public static Figure function(DoubleUnaryOperator f, double from, double to) {
    if (!(to > from)) {
      throw new IllegalArgumentException(
          "Plots.function: need from < to, got [" + from + ", " + to + "]");
    }
    int n = 401;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = from + (to - from) * i / (n - 1);
      y[i] = f.applyAsDouble(x[i]);
    }
    return line(x, y);
  }

  /** Points (x[i], y[i]). */
  public static Figure scatter(double[] x, double[] y) {
    sameLength("scatter", x, y);
    Figure f = new Figure(scatterChart());
    f.addPoints("points", x, y);
    return f.legend(false);
  }

  /** Points (x[i], y[i]). */
  public static Figure scatter(float[] x, float[] y) {
    return scatter(toDouble(x), toDouble(y));
  }

  /** Points coloured by class: one series (and legend entry) per distinct class. */
  public static Figure scatter(double[] x, double[] y, int[] classes) {
    return scatter(x, y, classes, null);
  }

  /** Points coloured by class, with class names in the legend. */
  public static Figure scatter(double[] x, double[] y, int[] classes, String[] classNames) {
    sameLength("scatter", x, y);
    if (classes.length != x.length) {
      throw new IllegalArgumentException(
          "Plots.scatter: " + x.length + " points but " + classes.length + " classes");
    }
    TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
    for (int i = 0; i < classes.length; i++) {
      byClass.computeIfAbsent(classes[i], k -> new ArrayList<>()).add(i);
    }
    Figure f = new Figure(scatterChart());
    XYChart c = (XYChart) f.chart();
    for (Map.Entry<Integer, List<Integer>> e : byClass.entrySet()) {
      List<Integer> idx = e.getValue();
      double[] xs = new double[idx.size()];
      double[] ys = new double[idx.size()];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = x[idx.get(i)];
        ys[i] = y[idx.get(i)];
      }
      int k = e.getKey();
      String name =
          classNames != null && k >= 0 && k < classNames.length ? classNames[k] : "class " + k;
      XYSeries s = c.addSeries(name, xs, ys);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setMarkerColor(Theme.color(k));
    }
    return f;
  }

  /** Bars, one per category. */
  public static Figure bar(String[] categories, double[] values) {
    if (categories.length != values.length) {
      throw new IllegalArgumentException(
          "Plots.bar: " + categories.length + " categories but " + values.length + " values");
    }
    CategoryChart c = new CategoryChart(Theme.WIDTH, Theme.HEIGHT);
    Figure f = new Figure(c);
    List<Double> v = new ArrayList<>();
    for (double d : values) {
      v.add(d);
    }
    c.addSeries("value", List.of(categories), v);
    c.getStyler().setXAxisLabelRotation(labelRotation(categories, c.getWidth()));
    c.getStyler().setYAxisDecimalPattern(pattern(valueStep(values)));
    return f.legend(false);
  }

  /**
   * The angle, in degrees, at which category labels under bars of a {@code chartWidth}-pixel chart
   * do not run into each other: 0 when the widest label fits the space of one bar, 45 when it does
   * not (long names such as "fine-tuning (body lr 1e-4)"), 90 when there are so many bars that even
   * slanted labels would touch.
   */
  static int labelRotation(String[] categories, int chartWidth) {
    if (categories.length == 0) {
      return 0;
    }
    // the plot area is the chart less the y axis, its tick labels and the margins
    double slot = (chartWidth - 90.0) / categories.length;
    Font font = Theme.font(11);
    FontRenderContext frc = new FontRenderContext(null, true, true);
    double widest = 0;
    for (String c : categories) {
      widest = Math.max(widest, font.getStringBounds(c, frc).getWidth());
    }
    double gap = 16;
    if (widest + gap <= slot) {
      return 0;
    }
    // slanted at 45°, neighbouring labels are slot·sin 45° apart across the text direction
    double lineHeight = font.getLineMetrics("Xg", frc).getHeight();
    return slot * Math.sqrt(0.5) >= lineHeight + 2 ? 45 : 90;
  }

  /** Bars from a map of category to value, in the map's order. */
  public static Figure bar(Map<String, ? extends Number> values) {
    String[] cats = values.keySet().toArray(new String[0]);
    double[] v = new double[cats.length];
    int i = 0;
    for (Number n : values.values()) {
      v[i++] = n.doubleValue();
    }
    return bar(cats, v);
  }

  /**
   * A histogram of {@code values} in {@code bins} equal-width bins between their min and max, drawn
   * as bars without gaps over a numeric x axis; the y axis counts values per bin. NaN values are
   * skipped.
   */
  public static Figure histogram(double[] values, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("Plots.histogram: bins must be ≥ 1, got " + bins);
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (lo > hi) {
      throw new IllegalArgumentException("Plots.histogram: no values to count");
    }
    if (hi == lo) {
      hi = lo + 1;
    }
    double[] counts = new double[bins];
    double width = (hi - lo) / bins;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        counts[Math.min(bins - 1, (int) ((v - lo) / width))]++;
      }
    }
    // a staircase over the bin edges, filled down to zero: bars without gaps on a numeric x axis,
    // which then gets round ticks (-2, -1, 0, 1) rather than bin centres (-2.41, -1.55, -0.69)
    double[] edges = new double[bins + 1];
    double[] heights = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      edges[i] = lo + i * width;
      heights[i] = counts[Math.min(i, bins - 1)]; // the last bin's height, held to its right edge
    }
    XYChart c = xyChart();
    Figure f = new Figure(c);
    XYSeries s = c.addSeries("count", edges, heights);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
    s.setMarker(SeriesMarkers.NONE);
    s.setFillColor(Theme.color(0));
    s.setLineColor(Theme.color(0));
    c.getStyler().setYAxisMin(0.0);
    c.setYAxisTitle("count");
    return f.legend(false);
  }

  /** A histogram of float values (weights, activations). */
  public static Figure histogram(float[] values, int bins) {
    return histogram(toDouble(values), bins);
  }

  /** A histogram of all values of a tensor (weights, gradients, activations). */
  public static Figure histogram(Tensor values, int bins) {
    return histogram(values.toFloatArray(), bins);
  }

  /** A line of a 1-D tensor's values against x = 0, 1, 2, ... */
  public static Figure line(Tensor y) {
    if (y.dim() != 1) {
      throw new IllegalArgumentException(
          "Plots.line: need a 1-D tensor, got " + java.util.Arrays.toString(y.shape()));
    }
    return line(y.toFloatArray());
  }

  /** A matrix as a heatmap with a scale bar (see {@link Heatmap}). */
  public static Heatmap heatmap(double[][] matrix) {
    return Heatmap.of(matrix);
  }

  /** A row-major {@code rows × cols} matrix as a heatmap with a scale bar. */
  public static Heatmap heatmap(float[] values, int rows, int cols) {
    return Heatmap.of(values, rows, cols);
  }

  /**
   * Renders a small chart and a small heatmap once, in every format, and returns how long it took
   * in milliseconds. The first figure of a JVM pays for loading fonts, XChart, ImageIO and the XML
   * writer behind SVG: about 1–2 s on an idle machine, far more on a busy one. A front end can call
   * this in a background thread at start so that the participant's first figure is fast:
   *
   * <pre>{@code
   * Thread t = new Thread(Plots::warmUp, "crema-viz-warm-up");
   * t.setDaemon(true);
   * t.start();
   * }</pre>
   */
  public static long warmUp() {
    long t = System.nanoTime();
    line(new double[] {1, 2, 3}).title("warm-up").toMimeBundle();
    Heatmap.of(new float[] {0, 1, 2, 3}, 2, 2).title("warm-up").toMimeBundle();
    return (System.nanoTime() - t) / 1_000_000;
  }

  // ---- helpers ------------------------------------------------------------------------------

  static XYChart xyChart() {
    XYChart c = new XYChart(Theme.WIDTH, Theme.HEIGHT);
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    return c;
  }

  private static XYChart scatterChart() {
    XYChart c = new XYChart(Theme.WIDTH, Theme.HEIGHT);
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    c.getStyler().setMarkerSize(5);
    return c;
  }

  /** About the spacing of 8 ticks over the values and zero, which bars always show. */
  private static double valueStep(double[] values) {
    double lo = 0;
    double hi = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    return hi > lo ? (hi - lo) / 8 : 1;
  }

  /** The decimal pattern that shows steps of size {@code step} without noise digits. */
  private static String pattern(double step) {
    int digits = Math.max(0, Math.min(6, (int) Math.ceil(-Math.log10(step)) + 1));
    return digits == 0 ? "#,##0" : "#,##0." + "#".repeat(digits);
  }

  static double[] indices(int n, int start) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = start + i;
    }
    return x;
  }

  static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  private static void sameLength(String op, double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "Plots." + op + ": x has " + x.length + " values but y has " + y.length);
    }
    if (x.length == 0) {
      throw new IllegalArgumentException("Plots." + op + ": no points to draw");
    }
  }
}
