package crema.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryTest {
  static History sample() {
    History h = new History();
    double[][] rows = {{0.9, 0.6, 1.0, 0.55}, {0.5, 0.8, 0.7, 0.75}, {0.4, 0.85, 0.8, 0.72}};
    for (double[] r : rows) {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("loss", r[0]);
      m.put("accuracy", r[1]);
      m.put("val_loss", r[2]);
      m.put("val_accuracy", r[3]);
      m.put("time", 1.5);
      h.addEpoch(m);
      h.addBatch("loss", r[0]);
    }
    return h;
  }

  @Test
  void seriesAndBest() {
    History h = sample();
    assertEquals(3, h.epochs());
    assertArrayEquals(new double[] {1.0, 0.7, 0.8}, h.get("val_loss"));
    assertEquals(0.7, h.best("val_loss"));
    assertEquals(1, h.bestEpoch("val_loss"));
    assertEquals(0.75, h.best("val_accuracy"));
    assertEquals(0.85, h.best("accuracy"));
    assertArrayEquals(new double[] {0.9, 0.5, 0.4}, h.batchSeries("loss"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> h.get("f1"))
            .getMessage()
            .contains("val_loss"));
  }

  @Test
  void rendersTableAndChart() {
    History h = sample();
    assertTrue(h.table().contains("val_accuracy"));
    assertTrue(h.toMimeBundle().get("text/html").contains("<td>0.7500</td>"));
    var png = h.plot().toMimeBundle().get("image/png");
    assertTrue(png != null && png.length() > 100);
  }
}
