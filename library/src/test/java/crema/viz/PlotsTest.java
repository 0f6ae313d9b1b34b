package crema.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.display.MimeBundle;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class PlotsTest {
  private static void checkBundle(Figure f, int w, int h) {
    MimeBundle b = f.toMimeBundle();
    assertTrue(b.get(MimeBundle.PLAIN).startsWith("Figure"), b.get(MimeBundle.PLAIN));
    assertTrue(!b.get(MimeBundle.PLAIN).contains("\n"), "one line of text");
    Document svg = VizAssert.svg(b);
    assertEquals(w + "px", svg.getDocumentElement().getAttribute("width"));
    BufferedImage png = VizAssert.png(b);
    assertEquals(w, png.getWidth());
    assertEquals(h, png.getHeight());
  }

  @Test
  void lineChartHasTitleLabelsAndDefaultSize() {
    Figure f = Plots.line(new double[] {3, 2, 1.5, 1.2}).title("loss").xLabel("epoch");
    checkBundle(f, 640, 400);
    // XChart draws text as outlines, so the SVG holds no <text>: check the chart model instead.
    assertEquals("epoch", f.chart().getXAxisTitle());
    assertTrue(f.toMimeBundle().get(MimeBundle.PLAIN).contains("'loss' line chart 640×400"));
  }

  @Test
  void severalLinesGetALegendAndSeriesCanBeAdded() {
    Map<String, double[]> m = new LinkedHashMap<>();
    m.put("train", new double[] {1, 0.5});
    m.put("val", new double[] {1.2, 0.8});
    Figure f = Plots.line(m).size(500, 300);
    f.add("test", new double[] {0, 1}, new double[] {1.1, 0.9});
    assertEquals(3, f.seriesCount());
    checkBundle(f, 500, 300);
    assertTrue(f.chart().getSeriesMap().containsKey("val"));
  }

  @Test
  void functionScatterBarHistogramRender() {
    checkBundle(Plots.function(Math::tanh, -4, 4).title("tanh"), 640, 400);
    checkBundle(
        Plots.scatter(new double[] {0, 1, 2, 3}, new double[] {1, 0, 1, 0}, new int[] {0, 1, 0, 2}),
        640,
        400);
    checkBundle(Plots.bar(new String[] {"cat", "dog"}, new double[] {0.9, 0.7}), 640, 400);
    float[] w = new float[1000];
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian();
    }
    checkBundle(Plots.histogram(w, 30).title("weights"), 640, 400);
  }

  @Test
  void scatterByClassMakesOneSeriesPerClass() {
    Figure f =
        Plots.scatter(
            new double[] {0, 1, 2, 3},
            new double[] {1, 0, 1, 0},
            new int[] {0, 1, 0, 2},
            new String[] {"a", "b", "c"});
    assertEquals(3, f.seriesCount());
    assertTrue(f.chart().getSeriesMap().containsKey("c"));
  }

  @Test
  void figureUpdatesInPlace() {
    try (RecordingBackend rec = new RecordingBackend()) {
      Figure f = Plots.line(new double[] {1, 2});
      f.show();
      f.add("more", new double[] {0, 1}, new double[] {2, 1});
      f.update();
      assertEquals(2, rec.published.size());
      assertEquals(rec.published.get(0).displayId(), rec.published.get(1).displayId());
      assertTrue(rec.last().update());
      assertTrue(rec.last().bundle().has(MimeBundle.SVG));
    }
  }

  @Test
  void badInputIsNamed() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Plots.line(new double[] {1}, new double[] {1, 2}));
    assertTrue(e.getMessage().contains("Plots.line: x has 1 values but y has 2"));
    var e2 =
        assertThrows(
            IllegalStateException.class,
            () -> Plots.bar(new String[] {"a"}, new double[] {1}).add("x", new double[] {1}));
    assertTrue(e2.getMessage().contains("needs a line or scatter chart, this is a bar chart"));
  }
}
