package crema.viz;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.CategoryStyler;

/**
 * Keeps the labels under bars from running into each other at the size the chart is finally drawn
 * (a figure may be resized, or shrunk into a grid, after it was made): bar names are slanted or
 * stood up when they do not fit (see {@link Plots#labelRotation}); a bar chart over numbers with a
 * label limit shows only as many labels as fit side by side.
 */
final class CategoryLabels {
  private static final double GAP = 14;
  // the plot area is the chart less the y axis, its tick labels and the margins
  private static final int Y_AXIS_WIDTH = 90;

  private CategoryLabels() {}

  static void fit(CategoryChart chart, int width) {
    CategoryStyler styler = chart.getStyler();
    List<?> categories = categoriesOf(chart);
    if (categories.isEmpty()) {
      return;
    }
    if (styler.getXAxisMaxLabelCount() > 0) {
      String pattern = styler.getXAxisDecimalPattern();
      DecimalFormat format = new DecimalFormat(pattern == null ? "#,##0.###" : pattern);
      Font font = styler.getAxisTickLabelsFont();
      FontRenderContext frc = new FontRenderContext(null, true, true);
      double widest = 0;
      for (Object c : categories) {
        String label = c instanceof Number n ? format.format(n.doubleValue()) : String.valueOf(c);
        widest = Math.max(widest, font.getStringBounds(label, frc).getWidth());
      }
      int fit = (int) ((width - Y_AXIS_WIDTH) / (widest + GAP));
      styler.setXAxisMaxLabelCount(Math.max(2, Math.min(9, fit)));
    } else {
      List<String> names = new ArrayList<>();
      categories.forEach(c -> names.add(String.valueOf(c)));
      styler.setXAxisLabelRotation(Plots.labelRotation(names.toArray(new String[0]), width));
    }
  }

  private static List<?> categoriesOf(CategoryChart chart) {
    for (CategorySeries s : chart.getSeriesMap().values()) {
      return new ArrayList<>(s.getXData());
    }
    return List.of();
  }
}
