package crema.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.display.MimeBundle;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CurvesTest {
  @Test
  void groupsTrainAndValidationByMetric() {
    assertArrayEquals(new String[] {"loss", "val"}, Curves.split("val_loss"));
    assertArrayEquals(new String[] {"loss", "train"}, Curves.split("train_loss"));
    assertArrayEquals(new String[] {"loss", "train"}, Curves.split("loss"));
    assertArrayEquals(new String[] {"accuracy", "val"}, Curves.split("accuracy_val"));
    assertArrayEquals(new String[] {"value", "train"}, Curves.split("value"));

    Map<String, Object> h = new LinkedHashMap<>();
    h.put("loss", new double[] {0.9, 0.5, 0.4});
    h.put("val_loss", new float[] {1.0f, 0.7f, 0.6f});
    h.put("accuracy", List.of(0.7, 0.8, 0.85));
    Curves c = Curves.of(h);
    assertEquals(List.of("loss", "accuracy"), c.metrics());
    assertEquals(2, c.panel("loss").getSeriesMap().size());
    MimeBundle b = c.toMimeBundle();
    assertEquals(860, VizAssert.png(b).getWidth());
    String svg = VizAssert.svg(b).getDocumentElement().getAttribute("width");
    assertEquals("860px", svg);
    assertEquals("Curves loss=0.4 val_loss=0.6 accuracy=0.85 (3 points)", b.get(MimeBundle.PLAIN));
  }

  @Test
  void aConstantMetricGetsARangeAroundItsValue() {
    Curves c = new Curves();
    for (int epoch = 1; epoch <= 4; epoch++) {
      c.add("loss", epoch, 1.0 / epoch).add("lr", epoch, 0.001);
    }
    org.knowm.xchart.XYChart lr = c.panel("lr");
    assertEquals(0.0005, lr.getStyler().getYAxisMin(), 1e-12);
    assertEquals(0.0015, lr.getStyler().getYAxisMax(), 1e-12);
    assertEquals(
        null, c.panel("loss").getStyler().getYAxisMin(), "a changing metric keeps its own");
  }

  @Test
  void liveChartIsThrottledAndDrawsTheFinalState() {
    AtomicLong now = new AtomicLong();
    try (RecordingBackend rec = new RecordingBackend()) {
      LiveChart live = new LiveChart("batch", now::get).every(Duration.ofMillis(500));
      for (int i = 1; i <= 100; i++) {
        now.addAndGet(20_000_000L); // 20 ms per batch
        live.add("loss", i, 1.0 / i);
      }
      live.close();
      // 2 s of batches at one draw per 0.5 s: the first, about 4 more, and the final one
      assertTrue(live.draws() >= 4 && live.draws() <= 6, "draws: " + live.draws());
      assertEquals(live.draws(), rec.published.size());
      assertTrue(rec.last().update());
      assertTrue(rec.last().bundle().get(MimeBundle.PLAIN).contains("(100 points)"));
    }
  }
}
