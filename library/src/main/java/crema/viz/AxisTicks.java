package crema.viz;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/**
 * Readable tick labels for line and scatter charts: round x ticks that never overlap, whatever the
 * number of points, and y labels with their leading zero.
 *
 * <p>XChart labels x values that are equally spaced (episodes 0, 1, 2, ...) at every k-th data
 * point, for the first k whose labels are 1.1 label widths apart: over 150 episodes that gives 0,
 * 6, 12, 18, ..., labels all but touching, at odd values; over [−4, 4] it gives −3.354, −2.707,
 * .... For any other data it steps in round numbers (1, 2 or 5 × 10ⁿ), the step set by a spacing
 * hint in pixels. So, while a chart is drawn, this class
 *
 * <ol>
 *   <li>picks the round step itself: the smallest whose labels, measured in the tick font, keep
 *       {@link #GAP} pixels apart and at least {@link #MIN_SPACING} pixels from centre to centre
 *       (whole steps only when every x is a whole number: episodes, epochs, steps);
 *   <li>moves the end of the x range a hair past the last point, so that XChart no longer counts
 *       the values as equally spaced and takes its round-step route;
 *   <li>sets the spacing hint that makes XChart arrive at that step, and a decimal pattern with
 *       exactly the step's decimals;
 * </ol>
 *
 * <p>and puts the chart's own settings back afterwards. A range, pattern or label formatter set by
 * hand is respected. XChart still checks that its labels fit, so a wrong guess of the plot's width
 * can only cost labels, never make them overlap.
 *
 * <p>On the y axis XChart's own number format drops the zero before the decimal point below 0.1
 * (".08" under "0.1"); while drawing, y labels get a pattern that keeps it.
 */
final class AxisTicks {
  /** The least empty space between two neighbouring labels, in pixels. */
  static final double GAP = 12;

  /** The least distance between two ticks, so a short axis is not a fence of labels. */
  static final double MIN_SPACING = 50;

  // XChart counts consecutive differences within this of each other as equal (an absolute value)
  private static final double XCHART_EQUAL = 1e-4;

  // the plot is the chart less its padding, the y axis with its labels and title, and margins
  private static final int NOT_PLOT = 90;

  private AxisTicks() {}

  /** Paints {@code chart} at {@code width × height} with round, non-overlapping x ticks. */
  static void paint(XYChart chart, Graphics2D g, int width, int height) {
    XYStyler s = chart.getStyler();
    double[] range = range(chart);
    if (s.isXAxisLogarithmic() || range == null) {
      chart.paint(g, width, height);
      return;
    }
    Double oldMax = s.getXAxisMax();
    String oldPattern = s.getXAxisDecimalPattern();
    String oldYPattern = s.getYAxisDecimalPattern();
    int oldHint = s.getXAxisTickMarkSpacingHint();
    try {
      double lo = range[0];
      double hi = range[1];
      double tickSpace =
          s.getPlotContentSize() * Math.max(40, width - NOT_PLOT - legendBeside(chart));
      Ticks t =
          choose(lo, hi, tickSpace, wholeNumbers(chart), labels(s), s.getAxisTickLabelsFont());
      s.setXAxisMax(hi + nudge(chart, lo, hi));
      if (ownPattern(s) == null && s.getxAxisTickLabelsFormattingFunction() == null) {
        s.setXAxisDecimalPattern(pattern(t.step()));
      }
      // XChart rounds (range / plot width × hint) to 1, 2 or 5 × 10ⁿ: aim at 1.2 × the step's
      // leading digit, well inside the band that rounds to it (0.75–1.5, 1.5–3.5, 3.5–7.5).
      double pixels = t.step() / (hi - lo) * tickSpace;
      s.setXAxisTickMarkSpacingHint((int) Math.round(Math.min(1.2 * pixels, 0.9 * tickSpace)));
      if (oldYPattern == null && s.getDecimalPattern() == null && plainNumbers(chart)) {
        s.setYAxisDecimalPattern(Y_PATTERN);
      }
      chart.paint(g, width, height);
    } finally {
      s.setXAxisMax(oldMax);
      s.setXAxisDecimalPattern(oldPattern);
      s.setYAxisDecimalPattern(oldYPattern);
      s.setXAxisTickMarkSpacingHint(oldHint);
    }
  }

  // y ticks are round numbers (XChart steps in decimals), so trailing digits never show noise
  private static final String Y_PATTERN = "#,##0.########";

  /**
   * Whether the y values are ones XChart writes as plain decimals: it switches to scientific
   * notation when their range is below 10⁻⁴ or above 10⁵, and the pattern must not undo that.
   */
  private static boolean plainNumbers(XYChart chart) {
    double[] y = extent(chart, false);
    XYStyler s = chart.getStyler();
    double lo = s.getYAxisMin() != null ? s.getYAxisMin() : y[0];
    double hi = s.getYAxisMax() != null ? s.getYAxisMax() : y[1];
    if (s.isYAxisLogarithmic()) {
      return lo > 1e-8 && hi < 1e5; // decades from 10⁻⁸ to 10⁵ read well written out
    }
    double span = hi - lo;
    return span >= 1e-4 && span < 1e5;
  }

  /** The width a legend to the right of the plot takes from it, in pixels (0 inside the plot). */
  private static double legendBeside(XYChart chart) {
    XYStyler s = chart.getStyler();
    if (!s.isLegendVisible() || s.getLegendPosition() != Styler.LegendPosition.OutsideE) {
      return 0;
    }
    FontRenderContext frc = new FontRenderContext(null, true, false);
    double widest = 0;
    for (XYSeries series : chart.getSeriesMap().values()) {
      widest =
          Math.max(widest, s.getLegendFont().getStringBounds(series.getName(), frc).getWidth());
    }
    return widest + 45;
  }

  /** A chosen step and the labels it gives. */
  record Ticks(double step, List<String> labels) {}

  /** How a tick label reads, given its value and the step between ticks. */
  interface Labels {
    String at(double value, double step);
  }

  /**
   * The smallest round step over [lo, hi] whose labels, {@code tickSpace} pixels for the whole
   * range, stand {@link #GAP} apart and {@link #MIN_SPACING} from centre to centre.
   */
  static Ticks choose(
      double lo, double hi, double tickSpace, boolean wholeNumbers, Labels labels, Font font) {
    double span = hi - lo;
    FontRenderContext frc = new FontRenderContext(null, true, false);
    double step = roundStepAtLeast(span / 100);
    if (wholeNumbers) {
      step = Math.max(1, step);
    }
    while (true) {
      List<String> shown = new ArrayList<>();
      double widest = 0;
      long first = (long) Math.ceil(lo / step - 1e-9);
      long last = (long) Math.floor(hi / step + 1e-9);
      for (long k = first; k <= last; k++) {
        String label = labels.at(k * step, step);
        shown.add(label);
        widest = Math.max(widest, font.getStringBounds(label, frc).getWidth());
      }
      double pixels = step / span * tickSpace;
      if ((pixels >= widest + GAP && pixels >= MIN_SPACING) || shown.size() <= 2) {
        return new Ticks(step, shown);
      }
      step = nextRoundStep(step);
    }
  }

  /** The labels the chart would show at a step: its own pattern or formatter, else the step's. */
  private static Labels labels(XYStyler s) {
    Function<Double, String> own = s.getxAxisTickLabelsFormattingFunction();
    if (own != null) {
      return (value, step) -> own.apply(value);
    }
    String pattern = ownPattern(s);
    // XChart formats with the styler's locale and the pattern applied to its number format
    DecimalFormat format = (DecimalFormat) NumberFormat.getNumberInstance(s.getLocale());
    return (value, step) -> {
      format.applyPattern(pattern != null ? pattern : pattern(step));
      return format.format(value);
    };
  }

  /** A decimal pattern set by hand for the x axis (or all axes), or null. */
  private static String ownPattern(XYStyler s) {
    return s.getXAxisDecimalPattern() != null ? s.getXAxisDecimalPattern() : s.getDecimalPattern();
  }

  /** The decimal pattern that shows multiples of {@code step} exactly: "#,##0", "#,##0.05"... */
  static String pattern(double step) {
    int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
    return decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals);
  }

  /** The smallest 1, 2 or 5 × 10ⁿ that is at least {@code x}. */
  static double roundStepAtLeast(double x) {
    if (!(x > 0)) {
      return 1;
    }
    double decade = Math.pow(10, Math.floor(Math.log10(x)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * decade >= x * (1 - 1e-12)) {
        return m * decade;
      }
    }
    return 10 * decade;
  }

  /** The round step after {@code step}: 1 → 2 → 5 → 10 within each power of ten. */
  static double nextRoundStep(double step) {
    double decade = Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
    double m = Math.round(step / decade);
    return (m < 2 ? 2 : m < 5 ? 5 : 10) * decade;
  }

  /**
   * How far past the last point the x range must end for XChart not to see equally spaced values:
   * it compares the differences of [range start, every x in series order, range end] with the first
   * one. Invisibly little when points are more than 10⁻⁴ apart; otherwise (tiny ranges with many
   * points) one spacing more than XChart's tolerance.
   */
  static double nudge(XYChart chart, double lo, double hi) {
    Set<Double> values = new LinkedHashSet<>();
    values.add(lo);
    for (XYSeries series : chart.getSeriesMap().values()) {
      for (double x : series.getXData()) {
        values.add(x);
      }
    }
    List<Double> v = new ArrayList<>(values);
    double tiny = (hi - lo) * 1e-7;
    if (v.size() < 2) {
      return tiny;
    }
    double first = v.get(1) - v.get(0);
    double clear = 1.01 * XCHART_EQUAL;
    return Math.abs(first - tiny) >= clear ? tiny : Math.abs(first) + clear;
  }

  /** [min, max] of the x axis (a range set by hand wins), or null when there is nothing to span. */
  static double[] range(XYChart chart) {
    double[] x = extent(chart, true);
    XYStyler s = chart.getStyler();
    double lo = s.getXAxisMin() != null ? s.getXAxisMin() : x[0];
    double hi = s.getXAxisMax() != null ? s.getXAxisMax() : x[1];
    return hi > lo && Double.isFinite(hi - lo) ? new double[] {lo, hi} : null;
  }

  /** {min, max} of the finite x (or y) values of every series; {+∞, −∞} when there are none. */
  static double[] extent(XYChart chart, boolean x) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (XYSeries series : chart.getSeriesMap().values()) {
      for (double v : x ? series.getXData() : series.getYData()) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    return new double[] {lo, hi};
  }

  /** Whether every x is a whole number: then ticks between them would mean nothing. */
  static boolean wholeNumbers(XYChart chart) {
    for (XYSeries series : chart.getSeriesMap().values()) {
      for (double x : series.getXData()) {
        if (Double.isFinite(x) && x != Math.rint(x)) {
          return false;
        }
      }
    }
    return true;
  }
}
