package crema.display;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Shows an XChart chart as SVG, crisp at any zoom, with a PNG beside it for front ends that do not
 * show SVG.
 */
final class ChartRenderer {
  private ChartRenderer() {}

  static MimeBundle render(Chart<?, ?> chart) throws IOException {
    String title =
        chart.getTitle() == null || chart.getTitle().isEmpty() ? "chart" : chart.getTitle();
    ByteArrayOutputStream svg = new ByteArrayOutputStream();
    VectorGraphicsEncoder.saveVectorGraphic(
        chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    return MimeBundle.text(
            chart.getClass().getSimpleName()
                + " '"
                + title
                + "' "
                + chart.getWidth()
                + "x"
                + chart.getHeight())
        .with(MimeBundle.SVG, svg.toString(StandardCharsets.UTF_8))
        .withPng(png);
  }
}
