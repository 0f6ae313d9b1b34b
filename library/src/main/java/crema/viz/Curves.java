package crema.viz;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training curves, the way Keras users know them: one panel per metric, train and validation in the
 * same panel. Names are grouped by metric: {@code loss}, {@code train_loss} and {@code val_loss}
 * all go to the panel "loss", as lines "train" and "val".
 *
 * <pre>{@code
 * Curves.of(Map.of("loss", new double[] {0.9, 0.5, 0.4},
 *                  "val_loss", new double[] {1.0, 0.7, 0.6},
 *                  "accuracy", new double[] {0.7, 0.8, 0.85}));   // two panels, epochs 1..3
 * }</pre>
 *
 * <p>A {@link LiveChart} keeps a {@code Curves} and redraws it in place while training runs.
 */
public final class Curves extends Drawing {
  private static final String[] SPLITS = {
    "validation", "valid", "val", "train", "training", "test", "eval"
  };

  private record Series(List<Double> x, List<Double> y) {}

  private final Map<String, Series> series = new LinkedHashMap<>();
  private String xLabel = "epoch";
  private String title;

  /** Empty curves; add points with {@link #add}. */
  public Curves() {}

  /**
   * Curves from a history: metric name to values per epoch, as {@code double[]}, {@code float[]} or
   * a {@code List} of numbers. Epochs are numbered from 1.
   */
  public static Curves of(Map<String, ?> history) {
    Curves c = new Curves();
    for (Map.Entry<String, ?> e : history.entrySet()) {
      double[] v = values(e.getKey(), e.getValue());
      for (int i = 0; i < v.length; i++) {
        c.add(e.getKey(), i + 1, v[i]);
      }
      c.series.computeIfAbsent(e.getKey(), k -> new Series(new ArrayList<>(), new ArrayList<>()));
    }
    return c;
  }

  private static double[] values(String key, Object v) {
    if (v instanceof double[] d) {
      return d;
    }
    if (v instanceof float[] f) {
      return Plots.toDouble(f);
    }
    if (v instanceof List<?> l) {
      double[] d = new double[l.size()];
      for (int i = 0; i < d.length; i++) {
        if (!(l.get(i) instanceof Number n)) {
          throw new IllegalArgumentException(
              "Curves: '" + key + "' holds a " + l.get(i) + " at index " + i + ", not a number");
        }
        d[i] = n.doubleValue();
      }
      return d;
    }
    throw new IllegalArgumentException(
        "Curves: '"
            + key
            + "' must map to double[], float[] or a List of numbers, not "
            + (v == null ? "null" : v.getClass().getSimpleName()));
  }

  /** Appends the point (x, y) to the named series ({@code "loss"}, {@code "val_loss"}, ...). */
  public synchronized Curves add(String name, double x, double y) {
    Series s = series.computeIfAbsent(name, k -> new Series(new ArrayList<>(), new ArrayList<>()));
    s.x().add(x);
    s.y().add(y);
    return this;
  }

  /** Sets the x-axis title (default "epoch"). */
  public Curves xLabel(String label) {
    this.xLabel = label;
    return this;
  }

  /** Sets a title drawn above all panels. */
  public Curves title(String t) {
    this.title = t;
    return this;
  }

  /** The metrics, one per panel, in order of first appearance. */
  public synchronized List<String> metrics() {
    List<String> m = new ArrayList<>();
    for (String name : series.keySet()) {
      String metric = split(name)[0];
      if (!m.contains(metric)) {
        m.add(metric);
      }
    }
    return m;
  }

  /** Number of points in the named series (0 if unknown). */
  public synchronized int points(String name) {
    Series s = series.get(name);
    return s == null ? 0 : s.x().size();
  }

  /** {metric, split}: "val_loss" gives {"loss", "val"}, "accuracy" gives {"accuracy", "train"}. */
  static String[] split(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String s : SPLITS) {
      for (String sep : new String[] {"_", " ", "-", "/"}) {
        if (lower.startsWith(s + sep) && name.length() > s.length() + 1) {
          return new String[] {name.substring(s.length() + 1), s};
        }
        if (lower.endsWith(sep + s) && name.length() > s.length() + 1) {
          return new String[] {name.substring(0, name.length() - s.length() - 1), s};
        }
      }
    }
    return new String[] {name, "train"};
  }

  private int columns() {
    return Math.min(2, Math.max(1, metrics().size()));
  }

  private int panelWidth() {
    return metrics().size() <= 1 ? Theme.WIDTH : 430;
  }

  private int panelHeight() {
    return metrics().size() <= 1 ? Theme.HEIGHT : 300;
  }

  private int titleHeight() {
    return title == null ? 0 : 28;
  }

  @Override
  public synchronized int width() {
    return columns() * panelWidth();
  }

  @Override
  public synchronized int height() {
    int n = Math.max(1, metrics().size());
    int rows = (n + columns() - 1) / columns();
    return titleHeight() + rows * panelHeight();
  }

  @Override
  protected synchronized void paint(Graphics2D g) {
    if (title != null) {
      g.setFont(Theme.bold(15));
      g.setColor(Theme.TEXT);
      Raster.centered(g, title, width() / 2.0, 20);
    }
    List<String> metrics = metrics();
    int cols = columns();
    for (int i = 0; i < metrics.size(); i++) {
      XYChart chart = panel(metrics.get(i));
      AffineTransform old = g.getTransform();
      g.translate((i % cols) * panelWidth(), titleHeight() + (i / cols) * panelHeight());
      AxisTicks.paint(chart, g, panelWidth(), panelHeight());
      g.setTransform(old);
    }
  }

  /** The XChart chart of one metric's panel. */
  public synchronized XYChart panel(String metric) {
    XYChart c = Plots.xyChart();
    Theme.apply(c.getStyler());
    c.setTitle(metric);
    c.setXAxisTitle(xLabel);
    c.setYAxisTitle(metric);
    int k = 0;
    for (Map.Entry<String, Series> e : series.entrySet()) {
      String[] ms = split(e.getKey());
      if (!ms[0].equals(metric) || e.getValue().x().isEmpty()) {
        continue;
      }
      XYSeries s = c.addSeries(ms[1], e.getValue().x(), e.getValue().y());
      s.setMarker(e.getValue().x().size() > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
      s.setLineColor(Theme.color(ms[1].startsWith("val") ? 1 : k));
      s.setMarkerColor(Theme.color(ms[1].startsWith("val") ? 1 : k));
      k = k == 0 ? 2 : k + 1;
    }
    if (c.getSeriesMap().isEmpty()) {
      // XChart cannot draw an empty chart; an invisible point keeps the axes.
      c.addSeries(" ", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
      c.getStyler().setLegendVisible(false);
    }
    flatten(c);
    if (metric.toLowerCase(Locale.ROOT).contains("acc")) {
      c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    }
    return c;
  }

  /**
   * A metric that never changes (a constant learning rate) gets a y range around its value: XChart
   * would otherwise print one odd label (".001") on an axis with no extent.
   */
  private static void flatten(XYChart c) {
    double[] y = AxisTicks.extent(c, false);
    double lo = y[0];
    double hi = y[1];
    if (lo == hi) {
      double half = lo == 0 ? 1 : Math.abs(lo) / 2;
      c.getStyler().setYAxisMin(lo - half);
      c.getStyler().setYAxisMax(hi + half);
    }
  }

  @Override
  protected synchronized String describe() {
    StringBuilder b = new StringBuilder("Curves");
    for (Map.Entry<String, Series> e : series.entrySet()) {
      List<Double> y = e.getValue().y();
      b.append(' ').append(e.getKey()).append('=');
      b.append(y.isEmpty() ? "-" : Raster.number(y.get(y.size() - 1)));
    }
    int n = 0;
    for (Series s : series.values()) {
      n = Math.max(n, s.x().size());
    }
    return b.append(" (").append(n).append(" points)").toString();
  }
}
