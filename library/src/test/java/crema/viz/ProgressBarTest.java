package crema.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.display.MimeBundle;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void showsDoneTotalRateEtaAndMetrics() {
    AtomicLong now = new AtomicLong();
    ProgressBar bar = new ProgressBar("epoch 1", 600, now::get).unit("samples");
    try (RecordingBackend rec = new RecordingBackend()) {
      now.set(3_000_000_000L);
      bar.step(300, Map.of("loss", 0.41234));
      String line = bar.line();
      // 300 samples in 3 s: 100 samples/s, 3 s left
      assertTrue(line.startsWith("epoch 1  50%|"), line);
      assertTrue(line.contains("| 300/600 [00:03<00:03, 100 samples/s, loss=0.4123]"), line);
      assertFalse(line.contains("\n"));
      MimeBundle b = rec.last().bundle();
      String html = b.get(MimeBundle.HTML);
      assertTrue(html.contains("width:50.0%"), html);
      assertFalse(html.toLowerCase().contains("<script"), "no JavaScript");
      assertTrue(html.contains("300/600"));
    }
  }

  @Test
  void throttlesToTenDrawsPerSecondAndAlwaysDrawsTheEnd() {
    AtomicLong now = new AtomicLong();
    try (RecordingBackend rec = new RecordingBackend()) {
      ProgressBar bar = new ProgressBar("x", 1000, now::get);
      for (int i = 0; i < 1000; i++) {
        now.addAndGet(1_000_000L); // 1 ms per step: 1 s in all
        bar.step();
      }
      bar.close();
      // one draw per 100 ms over 1 s (about 10), the completion, the close
      assertTrue(bar.draws() <= 13, "draws: " + bar.draws());
      assertTrue(bar.draws() >= 10, "draws: " + bar.draws());
      assertEquals(bar.draws(), rec.published.size());
      String html = rec.last().bundle().get(MimeBundle.HTML);
      assertTrue(html.contains("width:100.0%") && html.contains("#2ca02c"), "complete and green");
      assertTrue(rec.last().bundle().get(MimeBundle.PLAIN).contains("100%|"));
      // every draw after the first replaces the same output
      String id = rec.published.get(0).displayId();
      assertTrue(rec.published.stream().allMatch(p -> p.displayId().equals(id)));
    }
  }

  @Test
  void closingEarlyReadsStopped() {
    AtomicLong now = new AtomicLong();
    try (RecordingBackend rec = new RecordingBackend()) {
      ProgressBar bar = new ProgressBar("train", 10, now::get);
      bar.step(4);
      bar.close();
      assertTrue(bar.line().endsWith("stopped"), bar.line());
      assertTrue(rec.last().bundle().get(MimeBundle.HTML).contains("stopped"));
    }
  }

  @Test
  void clockFormat() {
    assertEquals("00:05", ProgressBar.clock(5));
    assertEquals("02:05", ProgressBar.clock(125));
    assertEquals("1:00:01", ProgressBar.clock(3601));
  }
}
