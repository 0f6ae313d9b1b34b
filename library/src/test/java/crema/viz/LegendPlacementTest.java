package crema.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler.LegendPosition;

class LegendPlacementTest {
  private static Map<String, double[]> curves(double[] a, double[] b) {
    Map<String, double[]> m = new LinkedHashMap<>();
    m.put("feature extraction", a);
    m.put("from scratch", b);
    return m;
  }

  private static LegendPosition placed(Figure f) {
    f.toMimeBundle(); // the corner is chosen when the figure is drawn
    return f.chart().getStyler().getLegendPosition();
  }

  @Test
  void risingCurvesKeepTheTopRightFree() {
    double[] a = {0.3, 0.7, 0.8, 0.85, 0.87, 0.88, 0.88, 0.89};
    double[] b = {0.2, 0.5, 0.7, 0.78, 0.8, 0.82, 0.84, 0.85};
    LegendPosition p = placed(Plots.line(curves(a, b)));
    assertEquals(LegendPosition.InsideSE, p);
  }

  @Test
  void fallingCurvesKeepTheTopLeftBusyAndTheTopRightFree() {
    double[] a = {2.3, 1.2, 0.8, 0.6, 0.5, 0.45, 0.42, 0.4};
    double[] b = {2.3, 1.5, 1.1, 0.9, 0.8, 0.7, 0.65, 0.6};
    assertEquals(LegendPosition.InsideNE, placed(Plots.line(curves(a, b))));
  }

  @Test
  void aCurveThatEndsHighOnTheRightButStartsLowPutsTheLegendTopLeft() {
    // a ROC curve: it reaches the top right corner, its top left stays empty
    double[] x = {0, 0.01, 0.02, 0.05, 0.1, 0.3, 0.6, 1};
    double[] y = {0, 0.5, 0.7, 0.85, 0.92, 0.97, 0.99, 1};
    Map<String, double[]> m = new LinkedHashMap<>();
    m.put("detector", y);
    m.put("chance", x);
    // the detector hugs the top left; the diagonal passes both the bottom left and the top right
    LegendPosition p = placed(Plots.line(x, m));
    assertEquals(LegendPosition.InsideSE, p);
  }

  @Test
  void theLegendBoxCountsTheMarginsAroundTheData() {
    // three short accuracy curves; a legend top left would cover the top curve's first point,
    // which sits below the top of the data but inside the legend's box on the drawn plot
    Map<String, double[]> m = new LinkedHashMap<>();
    m.put("raw pixels", new double[] {0.645, 0.615, 0.678});
    m.put("normalised", new double[] {0.714, 0.765, 0.799});
    m.put("normalised + batch norm", new double[] {0.775, 0.811, 0.831});
    LegendPosition p = placed(Plots.line(m));
    assertEquals(LegendPosition.InsideSE, p);
  }

  @Test
  void aCloudOfPointsPutsTheLegendBesideThePlot() {
    java.util.Random r = new java.util.Random(3);
    double[] x = new double[3000];
    double[] y = new double[3000];
    int[] c = new int[3000];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble(); // a square filled evenly: no corner is free
      y[i] = r.nextDouble();
      c[i] = i % 10;
    }
    assertEquals(LegendPosition.OutsideE, placed(Plots.scatter(x, y, c)));
    Figure latent =
        LatentScatter.of(
            new float[] {0, 0, 1, 1, 2, 0.5f, 3, 3}, 4, 2, new int[] {0, 1, 0, 1}, "a", "b");
    assertEquals(LegendPosition.OutsideE, placed(latent), "LatentScatter keeps its place");
  }

  @Test
  void anExplicitPlaceIsKept() {
    double[] a = {0.3, 0.7, 0.8, 0.85};
    Figure f = Plots.line(curves(a, a)).legendAt(LegendPosition.OutsideE);
    assertEquals(LegendPosition.OutsideE, placed(f));
  }

  @Test
  void chartsWithoutDataKeepTheDefault() {
    XYChart c = Plots.xyChart();
    assertEquals(LegendPosition.InsideNE, LegendPlacement.best(c, 640, 400));
  }
}
