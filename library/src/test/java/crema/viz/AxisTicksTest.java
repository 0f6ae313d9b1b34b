package crema.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.image.BufferedImage;
import java.lang.reflect.Field;
import java.text.NumberFormat;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Axis;
import org.knowm.xchart.internal.chartpart.AxisPair;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Draws line charts with 10 to 5000 points and small float ranges, then reads back the x tick
 * labels XChart actually drew (its own tick calculation, after painting) and measures them in the
 * tick font: neighbouring labels must keep a clear gap and step in round numbers.
 */
class AxisTicksTest {
  /**
   * The least gap between drawn labels, in pixels: the chosen GAP less slack for layout guesses.
   */
  private static final double MIN_GAP = 8;

  /** A drawn tick label: its text and the pixel span it covers on the x axis. */
  record Label(String text, double left, double right) {}

  /** The x tick labels XChart drew on {@code chart}'s last paint, in order. */
  static List<Label> drawnLabels(XYChart chart) {
    Axis<?, ?> x = axisPair(chart).getXAxis();
    List<String> texts = x.getAxisTickCalculator().getTickLabels();
    List<Double> at = x.getAxisTickCalculator().getTickLocations();
    Font font = chart.getStyler().getAxisTickLabelsFont();
    FontRenderContext frc = new FontRenderContext(null, true, false);
    double axisWidth = x.getBounds().getWidth();
    List<Label> drawn = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      // XChart's painter skips null labels and those whose tick lies off the axis
      if (texts.get(i) == null || at.get(i) <= 0 || at.get(i) >= axisWidth) {
        continue;
      }
      double w = new TextLayout(texts.get(i), font, frc).getOutline(null).getBounds2D().getWidth();
      drawn.add(new Label(texts.get(i), at.get(i) - w / 2, at.get(i) + w / 2));
    }
    return drawn;
  }

  private static AxisPair<?, ?> axisPair(Chart<?, ?> chart) {
    try {
      // XChart keeps the laid-out axes in a protected field and offers no getter
      Field f = Chart.class.getDeclaredField("axisPair");
      f.setAccessible(true);
      return (AxisPair<?, ?>) f.get(chart);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("XChart's Chart.axisPair is not readable", e);
    }
  }

  /** Checks the drawn labels of a painted chart; returns their values. */
  static double[] assertReadable(String what, XYChart chart, boolean wholeNumbers) {
    List<Label> labels = drawnLabels(chart);
    assertTrue(labels.size() >= 2, what + ": at least two labels, got " + texts(labels));
    for (int i = 1; i < labels.size(); i++) {
      double gap = labels.get(i).left() - labels.get(i - 1).right();
      assertTrue(
          gap >= MIN_GAP,
          what
              + ": labels "
              + labels.get(i - 1).text()
              + " and "
              + labels.get(i).text()
              + " only "
              + Math.round(gap)
              + " px apart in "
              + texts(labels));
    }
    NumberFormat parse = NumberFormat.getNumberInstance(chart.getStyler().getLocale());
    double[] values = new double[labels.size()];
    for (int i = 0; i < values.length; i++) {
      try {
        values[i] = parse.parse(labels.get(i).text()).doubleValue();
      } catch (ParseException e) {
        throw new AssertionError(what + ": label '" + labels.get(i).text() + "' is no number");
      }
    }
    double step = values[1] - values[0];
    for (int i = 1; i < values.length; i++) {
      assertEquals(
          step, values[i] - values[i - 1], step * 1e-6, what + ": even steps " + texts(labels));
      assertEquals(0, Math.IEEEremainder(values[i], step), step * 1e-6, what + ": on the step");
    }
    double leading = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
    assertTrue(
        Math.abs(leading - 1) < 1e-6
            || Math.abs(leading - 2) < 1e-6
            || Math.abs(leading - 5) < 1e-6,
        what + ": a round step (1, 2 or 5 × 10ⁿ), got " + step + " in " + texts(labels));
    if (wholeNumbers) {
      assertTrue(step >= 1 && step == Math.rint(step), what + ": whole steps, got " + step);
    }
    return values;
  }

  private static List<String> texts(List<Label> labels) {
    return labels.stream().map(Label::text).toList();
  }

  private static double[] range(double from, double to, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = from + (to - from) * i / (n - 1);
    }
    return x;
  }

  private static double[] wiggle(int n) {
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = Math.sin(i * 0.05) + 0.001 * i;
    }
    return y;
  }

  @Test
  void integerXWithManyPointsGetsRoundSpreadLabels() {
    int[][] sizes = {{640, 400}, {320, 240}, {1200, 400}};
    for (int n : new int[] {10, 100, 1000, 5000}) {
      for (int[] size : sizes) {
        Figure single = Plots.line(wiggle(n)).size(size[0], size[1]);
        single.toImage();
        double[] v = assertReadable(n + " points " + size[0], (XYChart) single.chart(), true);
        // the plot leaves a margin of a few percent beyond the data, where a tick may fall
        assertTrue(v[0] >= 0 && v[v.length - 1] <= (n - 1) * 1.05 + 1, "labels at the data");
        // a return curve: episodes 1..n, two series, as notebook 12 draws it
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("return per episode", wiggle(n));
        m.put("mean of the last 20", wiggle(n));
        Figure curve = Plots.line(range(1, n, n), m).size(size[0], size[1]);
        curve.toImage();
        assertReadable(n + " episodes " + size[0], (XYChart) curve.chart(), true);
      }
    }
  }

  @Test
  void labelsAreNotThinnedMoreThanNeeded() {
    Figure ten = Plots.line(wiggle(10));
    ten.toImage();
    assertEquals(10, assertReadable("10 points", (XYChart) ten.chart(), true).length);
    Figure many = Plots.line(wiggle(150));
    many.toImage();
    double[] v = assertReadable("150 points", (XYChart) many.chart(), true);
    assertTrue(v.length >= 6, "150 points get at least 6 labels, got " + v.length);
  }

  @Test
  void smallFloatRangesGetRoundLabels() {
    double[][] ranges = {
      {0, 1}, {0, 0.01}, {0, 0.001}, {-1e-3, 1e-3}, {0.5, 0.6}, {1000, 1000.5}, {-4, 4}, {0, 1e6}
    };
    for (double[] r : ranges) {
      for (int n : new int[] {2, 10, 100, 1000}) {
        Figure f = Plots.line(range(r[0], r[1], n), wiggle(n));
        f.toImage();
        String what = "[" + r[0] + ", " + r[1] + "] at " + n + " points";
        double[] v = assertReadable(what, (XYChart) f.chart(), false);
        double slack = (r[1] - r[0]) * 0.05;
        assertTrue(v[0] >= r[0] - slack && v[v.length - 1] <= r[1] + slack, what + ": in range");
        // two points at 0 and 1 are whole numbers, labelled 0 and 1 only
        assertTrue(v.length >= (n == 2 ? 2 : 3), what + ": enough labels, got " + v.length);
      }
    }
    Figure tanh = Plots.function(Math::tanh, -4, 4);
    tanh.toImage();
    double[] v = assertReadable("tanh on [-4, 4]", (XYChart) tanh.chart(), false);
    assertEquals(-4, v[0], 1e-9, "the function's range starts on a label");
    assertEquals(4, v[v.length - 1], 1e-9, "and ends on one");
  }

  @Test
  void chartsInAGridAndTrainingCurvesToo() {
    List<Drawing> cells = new ArrayList<>();
    for (int n : new int[] {60, 150, 500}) {
      cells.add(Plots.line(wiggle(n)).size(320, 220));
    }
    FigureGrid.of(3, cells).toImage();
    for (Drawing d : cells) {
      assertReadable("grid cell", (XYChart) ((Figure) d).chart(), true);
    }
    Curves curves = new Curves();
    for (int step = 1; step <= 3000; step++) {
      curves.add("loss", step, 1.0 / step);
    }
    XYChart panel = curves.panel("loss");
    BufferedImage img = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    AxisTicks.paint(panel, g, 400, 300);
    g.dispose();
    assertReadable("training curve over 3000 steps", panel, true);
  }

  @Test
  void histogramsGetRoundTicksAndKeepTheirCounts() {
    for (float scale : new float[] {1f, 0.05f, 300f}) {
      crema.tensor.Tensor v = crema.tensor.Tensor.randn(new crema.tensor.Rng(2), 5000).mul(scale);
      for (int[] size : new int[][] {{640, 400}, {430, 260}}) {
        Figure f = Plots.histogram(v, 40).size(size[0], size[1]);
        f.toImage();
        XYChart c = (XYChart) f.chart();
        assertReadable("histogram ×" + scale + " at " + size[0], c, false);
        double[] heights = c.getSeriesMap().get("count").getYData();
        double total = 0;
        for (int i = 0; i < heights.length - 1; i++) { // the last point repeats the last bin
          total += heights[i];
        }
        assertEquals(5000, total, 0, "every value counted once");
      }
    }
  }

  @Test
  void settingsMadeByHandAreKeptAndRestored() {
    Figure f = Plots.line(wiggle(500));
    XYChart c = (XYChart) f.chart();
    c.getStyler().setXAxisDecimalPattern("0.0");
    f.toImage();
    List<Label> labels = drawnLabels(c);
    assertTrue(labels.stream().allMatch(l -> l.text().endsWith(".0")), "own pattern: " + labels);
    assertReadable("own pattern", c, false);
    assertEquals("0.0", c.getStyler().getXAxisDecimalPattern(), "pattern restored");
    assertEquals(null, c.getStyler().getXAxisMax(), "no x range left behind");
    f.xRange(0, 1000);
    f.toImage();
    double[] v = assertReadable("own range", c, false);
    assertTrue(v[v.length - 1] > 600, "the range set by hand is drawn: " + v[v.length - 1]);
    assertEquals(1000.0, c.getStyler().getXAxisMax(), "range restored");
  }

  /** The y tick labels XChart drew on {@code chart}'s last paint. */
  private static List<String> yLabels(XYChart chart) {
    try {
      // XChart hides its y axes behind package-private getters
      java.lang.reflect.Method m = AxisPair.class.getDeclaredMethod("getLeftMainYAxis");
      m.setAccessible(true);
      Axis<?, ?> y = (Axis<?, ?>) m.invoke(axisPair(chart));
      return y.getAxisTickCalculator().getTickLabels();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("XChart's left y axis is not readable", e);
    }
  }

  @Test
  void yLabelsKeepTheirLeadingZero() {
    double[] mse = {0.146, 0.024, 0.007, 0.0065, 0.006, 0.005};
    Figure f = Plots.line(mse);
    f.toImage();
    List<String> labels = yLabels((XYChart) f.chart());
    assertTrue(labels.contains("0.02") || labels.contains("0.04"), "y labels: " + labels);
    assertTrue(
        labels.stream().noneMatch(l -> l.startsWith(".")), "no bare decimal point: " + labels);
    assertEquals(null, ((XYChart) f.chart()).getStyler().getYAxisDecimalPattern(), "restored");
    double[] tiny = {1e-7, 3e-7, 2e-7};
    Figure t = Plots.line(tiny);
    t.toImage();
    assertTrue(
        yLabels((XYChart) t.chart()).stream().anyMatch(l -> l.contains("E")),
        "tiny: " + yLabels((XYChart) t.chart()));
  }

  @Test
  void roundStepsAndPatterns() {
    assertEquals(1, AxisTicks.roundStepAtLeast(0.7), 1e-12);
    assertEquals(2, AxisTicks.roundStepAtLeast(1.01), 1e-12);
    assertEquals(50, AxisTicks.roundStepAtLeast(21), 1e-12);
    assertEquals(0.005, AxisTicks.roundStepAtLeast(0.0041), 1e-15);
    assertEquals(5, AxisTicks.nextRoundStep(2), 1e-12);
    assertEquals(10, AxisTicks.nextRoundStep(5), 1e-12);
    assertEquals(0.2, AxisTicks.nextRoundStep(0.1), 1e-12);
    assertEquals("#,##0", AxisTicks.pattern(20));
    assertEquals("#,##0.0", AxisTicks.pattern(0.5));
    assertEquals("#,##0.00", AxisTicks.pattern(0.05));
    assertEquals("#,##0.000", AxisTicks.pattern(0.001));
  }
}
