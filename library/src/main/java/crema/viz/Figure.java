package crema.viz;

import java.awt.Graphics2D;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.Series;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A chart ready to show: an XChart chart with the Crema {@link Theme}, rendered as SVG (crisp at
 * any zoom) with a PNG fallback. {@link Plots} makes them; the setters refine them, and {@link
 * #show()} / {@link #update()} display and redraw them in place.
 *
 * <pre>{@code
 * Figure f = Plots.line(new double[] {3, 2, 1.5, 1.2}).title("loss").xLabel("epoch");
 * f.show();
 * f.add("val", new double[] {0, 1, 2, 3}, new double[] {3.1, 2.4, 2.0, 1.9}).update();
 * }</pre>
 *
 * <p>The underlying chart is available through {@link #chart()} for anything the facade does not
 * cover.
 */
public final class Figure extends Drawing {
  private final Chart<?, ?> chart;
  private int width;
  private int height;
  private boolean legendPlaced;

  /** Wraps an XChart chart, applying the Crema theme. */
  public Figure(Chart<?, ?> chart) {
    this.chart = chart;
    Theme.apply(chart.getStyler());
    this.width = chart.getWidth();
    this.height = chart.getHeight();
  }

  /** Wraps an XChart chart as it is (no theme), for charts styled by hand. */
  public static Figure wrap(Chart<?, ?> chart) {
    return new Figure(chart, chart.getWidth(), chart.getHeight());
  }

  private Figure(Chart<?, ?> chart, int width, int height) {
    this.chart = chart;
    this.width = width;
    this.height = height;
  }

  /** The XChart chart, for anything this facade does not cover. */
  public Chart<?, ?> chart() {
    return chart;
  }

  /** Sets the title. */
  public Figure title(String title) {
    chart.setTitle(title);
    return this;
  }

  /** Sets the x-axis title. */
  public Figure xLabel(String label) {
    chart.setXAxisTitle(label);
    return this;
  }

  /** Sets the y-axis title. */
  public Figure yLabel(String label) {
    chart.setYAxisTitle(label);
    return this;
  }

  /** Sets the size in pixels (default 640×400). */
  public Figure size(int w, int h) {
    if (w < 50 || h < 50) {
      throw new IllegalArgumentException("Figure: size " + w + "×" + h + " is too small");
    }
    this.width = w;
    this.height = h;
    return this;
  }

  /** Shows or hides the legend. */
  public Figure legend(boolean visible) {
    chart.getStyler().setLegendVisible(visible);
    return this;
  }

  /** A logarithmic y axis, for losses that fall over orders of magnitude. */
  public Figure logY(boolean on) {
    axes("logY").setYAxisLogarithmic(on);
    return this;
  }

  /** Fixes the y range. */
  public Figure yRange(double min, double max) {
    axes("yRange").setYAxisMin(min);
    axes("yRange").setYAxisMax(max);
    return this;
  }

  /** Fixes the x range. */
  public Figure xRange(double min, double max) {
    axes("xRange").setXAxisMin(min);
    axes("xRange").setXAxisMax(max);
    return this;
  }

  /** Adds a line to a line or scatter figure (drawn in that figure's default style). */
  public Figure add(String name, double[] x, double[] y) {
    XYSeries s = xy("add").addSeries(name, x, y);
    s.setMarker(x.length > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
    return this;
  }

  /** Adds a line with x = 0, 1, 2, ... */
  public Figure add(String name, double[] y) {
    return add(name, Plots.indices(y.length, 0), y);
  }

  /** Adds points (no line) to a line or scatter figure. */
  public Figure addPoints(String name, double[] x, double[] y) {
    XYSeries s = xy("addPoints").addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    s.setMarker(SeriesMarkers.CIRCLE);
    return this;
  }

  /** Number of series. */
  public int seriesCount() {
    return chart.getSeriesMap().size();
  }

  private XYChart xy(String what) {
    if (chart instanceof XYChart c) {
      return c;
    }
    throw new IllegalStateException(
        "Figure." + what + ": needs a line or scatter chart, this is a " + kind());
  }

  private AxesChartStyler axes(String what) {
    if (chart.getStyler() instanceof AxesChartStyler a) {
      return a;
    }
    throw new IllegalStateException("Figure." + what + ": a " + kind() + " has no axes");
  }

  private String kind() {
    if (chart instanceof CategoryChart) {
      return "bar chart";
    }
    if (chart instanceof XYChart) {
      return "line chart";
    }
    return chart.getClass().getSimpleName();
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  /**
   * Puts the legend at a fixed place instead of the corner that hides the least data (the default
   * for line and scatter charts).
   */
  public Figure legendAt(Styler.LegendPosition position) {
    chart.getStyler().setLegendPosition(position);
    legendPlaced = true;
    return this;
  }

  @Override
  protected void paint(Graphics2D g) {
    if (!legendPlaced && chart instanceof XYChart xy && chart.getStyler().isLegendVisible()) {
      chart.getStyler().setLegendPosition(LegendPlacement.best(xy, width, height));
    }
    if (chart instanceof CategoryChart bars) {
      CategoryLabels.fit(bars, width);
    }
    if (chart instanceof XYChart xy) {
      AxisTicks.paint(xy, g, width, height);
    } else {
      chart.paint(g, width, height);
    }
  }

  @Override
  protected String describe() {
    StringBuilder b = new StringBuilder("Figure");
    String t = chart.getTitle();
    if (t != null && !t.isEmpty()) {
      b.append(" '").append(t).append('\'');
    }
    b.append(' ').append(kind()).append(' ').append(width).append('×').append(height);
    Map<String, ? extends Series> series = chart.getSeriesMap();
    if (!series.isEmpty()) {
      b.append(": ").append(String.join(", ", series.keySet()));
    }
    return b.toString();
  }
}
