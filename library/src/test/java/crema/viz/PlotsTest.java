package crema.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.display.MimeBundle;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.w3c.dom.Document;

class PlotsTest {
  private static void checkBundle(Figure f, int w, int h) {
    MimeBundle b = f.toMimeBundle();
    assertTrue(b.get(MimeBundle.PLAIN).startsWith("Figure"), b.get(MimeBundle.PLAIN));
    assertTrue(!b.get(MimeBundle.PLAIN).contains("\n"), "one line of text");
    Document svg = VizAssert.svg(b);
    // notebooks and nbconvert show the SVG through an <img> (inline SVG does not survive export)
    assertTrue(b.get(MimeBundle.HTML).startsWith("<img src=\"data:image/svg+xml;base64,"));
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
  void perEpochCountsEpochsFromOne() {
    Map<String, double[]> m = new LinkedHashMap<>();
    m.put("train", new double[] {0.5, 0.7, 0.8});
    m.put("stopped early", new double[] {0.4, 0.6});
    Figure f = Plots.perEpoch(m);
    org.knowm.xchart.XYChart c = (org.knowm.xchart.XYChart) f.chart();
    assertEquals(1.0, c.getSeriesMap().get("train").getXData()[0]);
    assertEquals(3.0, c.getSeriesMap().get("train").getXData()[2]);
    assertEquals(2, c.getSeriesMap().get("stopped early").getXData().length);
    assertEquals("epoch", c.getXAxisTitle());
    Figure one = Plots.perEpoch(java.util.List.of(3.0, 2.0, 1.5, 1.2));
    assertEquals(
        4.0, ((org.knowm.xchart.XYChart) one.chart()).getSeriesMap().get("y").getXData()[3]);
    checkBundle(one, 640, 400);
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
  void warmUpRendersWithoutAFront() {
    assertTrue(Plots.warmUp() >= 0);
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

  @Test
  void shortBarLabelsStayHorizontal() {
    Figure f = Plots.bar(new String[] {"MLP", "LeNet-5", "CNN"}, new double[] {0.87, 0.89, 0.91});
    assertEquals(0, ((CategoryChart) f.chart()).getStyler().getXAxisLabelRotation());
  }

  @Test
  void longBarLabelsAreSlantedSoTheyDoNotOverlap() {
    String[] names = {
      "feature extraction (frozen body)",
      "fine-tuning (body lr 1e-4, head 1e-3)",
      "from scratch",
      "fine-tuning + augmentation"
    };
    Figure f = Plots.bar(names, new double[] {0.8, 0.85, 0.6, 0.86});
    assertEquals(45, ((CategoryChart) f.chart()).getStyler().getXAxisLabelRotation());
    checkBundle(f, 640, 400);
  }

  @Test
  void barLabelRotationFollowsTheSpacePerBar() {
    String[] ten = {
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"
    };
    // ten class names fit under bars of a wide chart, not of a narrow one
    assertEquals(0, Plots.labelRotation(ten, 1400));
    assertEquals(45, Plots.labelRotation(ten, 640));
    String[] many = new String[60];
    for (int i = 0; i < many.length; i++) {
      many[i] = "category " + i;
    }
    assertEquals(90, Plots.labelRotation(many, 640));
  }

  @Test
  void severalLinesOverSharedXValues() {
    Map<String, double[]> m = new LinkedHashMap<>();
    m.put("integrated gradients", new double[] {1, 0.4, 0.1});
    m.put("random", new double[] {1, 0.9, 0.7});
    Figure f = Plots.line(new double[] {0, 0.5, 1}, m);
    assertEquals(2, f.seriesCount());
    checkBundle(f, 640, 400);
    m.put("short", new double[] {1});
    var e =
        assertThrows(IllegalArgumentException.class, () -> Plots.line(new double[] {0, 0.5, 1}, m));
    assertTrue(e.getMessage().contains("series 'short' has 1"), e.getMessage());
  }

  @Test
  void barValueLabelsKeepTheirLeadingZeroAndNoNoiseDigits() {
    Figure small = Plots.bar(new String[] {"a", "b"}, new double[] {-0.12, 0.05});
    String p = ((CategoryChart) small.chart()).getStyler().getYAxisDecimalPattern();
    assertEquals("0.04", new java.text.DecimalFormat(p).format(0.04));
    Figure large = Plots.bar(new String[] {"a", "b"}, new double[] {1200, 3400});
    assertEquals(
        "3,000",
        new java.text.DecimalFormat(
                ((CategoryChart) large.chart()).getStyler().getYAxisDecimalPattern())
            .format(3000));
  }
}
