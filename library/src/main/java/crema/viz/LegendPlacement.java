package crema.viz;

import static org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * Puts a line chart's legend in the plot corner where it hides the least data, like matplotlib's
 * {@code loc="best"}: a rising accuracy curve keeps its top right free, a falling loss its bottom
 * right. Each corner's box is as large as the legend will be; the points of every series, and
 * points along its line segments, are counted inside each box; the emptiest corner wins (top right,
 * top left, bottom right, bottom left on a tie). When even that corner would hide more than 1 % of
 * a scatter chart's points (a cloud), the legend goes outside, to the right of the plot.
 */
final class LegendPlacement {
  private static final LegendPosition[] CORNERS = {
    LegendPosition.InsideNE,
    LegendPosition.InsideNW,
    LegendPosition.InsideSE,
    LegendPosition.InsideSW
  };
  // the plot area is the chart less its title, axis titles and tick labels
  private static final int AXES_WIDTH = 90;
  private static final int AXES_HEIGHT = 90;
  private static final int SAMPLES_PER_SEGMENT = 8;
  // XChart draws an inside legend this far from the plot's edges
  private static final int LEGEND_INSET = 10;
  // the share of the data a legend may hide before it moves out of the plot
  private static final double CROWDED = 0.01;

  private LegendPlacement() {}

  /**
   * The corner of {@code chart}, drawn at {@code width × height}, that covers the fewest points.
   */
  static LegendPosition best(XYChart chart, int width, int height) {
    List<XYSeries> series = List.copyOf(chart.getSeriesMap().values());
    boolean logY = chart.getStyler().isYAxisLogarithmic();
    double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
    for (XYSeries s : series) {
      for (int i = 0; i < s.getXData().length; i++) {
        double x = s.getXData()[i];
        double y = yOf(s.getYData()[i], logY);
        if (Double.isFinite(x) && Double.isFinite(y)) {
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
        }
      }
    }
    if (!(x1 >= x0 && y1 >= y0)) {
      return LegendPosition.InsideNE;
    }
    double spanX = x1 > x0 ? x1 - x0 : 1;
    double spanY = y1 > y0 ? y1 - y0 : 1;
    // the legend's size as a fraction of the plot area
    Font font = chart.getStyler().getLegendFont();
    FontRenderContext frc = new FontRenderContext(null, true, true);
    double widest = 0;
    for (XYSeries s : series) {
      widest = Math.max(widest, font.getStringBounds(s.getName(), frc).getWidth());
    }
    // the box, with its distance from the plot's edge, as a fraction of the plot area; the data
    // fill only the middle plotContentSize of the plot, so in data units the box reaches further
    double content = chart.getStyler().getPlotContentSize();
    double plotW = (widest + 45 + LEGEND_INSET) / Math.max(1, width - AXES_WIDTH);
    double plotH =
        (series.size() * (font.getSize() + 8) + 12.0 + LEGEND_INSET)
            / Math.max(1, height - AXES_HEIGHT);
    double boxW = Math.min(1, (plotW - (1 - content) / 2) / content);
    double boxH = Math.min(1, (plotH - (1 - content) / 2) / content);
    int[] covered = new int[CORNERS.length];
    int samples = 0;
    for (XYSeries s : series) {
      double[] xs = s.getXData();
      double[] ys = s.getYData();
      boolean line = s.getXYSeriesRenderStyle() != Scatter;
      for (int i = 0; i < xs.length; i++) {
        int parts = line && i + 1 < xs.length ? SAMPLES_PER_SEGMENT : 1;
        for (int k = 0; k < parts; k++) {
          double t = k / (double) parts;
          double x = i + 1 < xs.length ? xs[i] + t * (xs[i + 1] - xs[i]) : xs[i];
          double ya = yOf(ys[i], logY);
          double y = i + 1 < xs.length ? ya + t * (yOf(ys[i + 1], logY) - ya) : ya;
          if (!Double.isFinite(x) || !Double.isFinite(y)) {
            continue;
          }
          samples++;
          double u = (x - x0) / spanX; // 0 at the left, 1 at the right
          double v = (y - y0) / spanY; // 0 at the bottom, 1 at the top
          boolean right = u >= 1 - boxW;
          boolean left = u <= boxW;
          boolean top = v >= 1 - boxH;
          boolean bottom = v <= boxH;
          covered[0] += top && right ? 1 : 0;
          covered[1] += top && left ? 1 : 0;
          covered[2] += bottom && right ? 1 : 0;
          covered[3] += bottom && left ? 1 : 0;
        }
      }
    }
    int best = 0;
    for (int c = 1; c < CORNERS.length; c++) {
      if (covered[c] < covered[best]) {
        best = c;
      }
    }
    // when every corner would hide points of a cloud, the legend goes beside the plot (a line
    // crossing a corner loses only a short stretch behind the legend)
    boolean cloud = series.stream().allMatch(s -> s.getXYSeriesRenderStyle() == Scatter);
    return cloud && covered[best] > CROWDED * samples ? LegendPosition.OutsideE : CORNERS[best];
  }

  private static double yOf(double y, boolean logY) {
    return logY ? (y > 0 ? Math.log10(y) : Double.NaN) : y;
  }
}
