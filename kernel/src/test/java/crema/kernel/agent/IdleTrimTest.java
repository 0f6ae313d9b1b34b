package crema.kernel.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdleTrimTest {
  private static void await(AtomicInteger n, int value, long ms) throws InterruptedException {
    long deadline = System.nanoTime() + ms * 1_000_000;
    while (n.get() < value && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  @Test
  void trimsOncePerIdlePeriodAndNeverUnderASnippet() throws Exception {
    QuietTime quiet = new QuietTime();
    AtomicInteger trims = new AtomicInteger();
    IdleTrim trim = new IdleTrim(quiet, 100, trims::incrementAndGet);
    Thread t = new Thread(trim::run);
    t.setDaemon(true);
    t.start();
    try {
      Thread.sleep(300);
      assertEquals(0, trims.get(), "trimmed before any snippet ran");

      quiet.starts();
      Thread.sleep(300);
      assertEquals(0, trims.get(), "trimmed while a snippet was running");
      quiet.ends();
      await(trims, 1, 5000);
      assertEquals(1, trims.get(), "no trim after the idle time");
      Thread.sleep(400);
      assertEquals(1, trims.get(), "trimmed twice in one idle period");

      quiet.starts();
      quiet.ends();
      await(trims, 2, 5000);
      assertEquals(2, trims.get(), "no trim after the next idle period");
    } finally {
      t.interrupt();
      t.join(2000);
    }
    assertTrue(!t.isAlive(), "the trim thread did not end when interrupted");
  }

  @Test
  void theDelayComesFromTheEnvironment() {
    assertEquals(IdleTrim.DEFAULT_SECONDS * 1000, IdleTrim.configuredMs(null));
    assertEquals(0, IdleTrim.configuredMs("0"));
    assertEquals(2500, IdleTrim.configuredMs("2.5"));
    assertEquals(IdleTrim.DEFAULT_SECONDS * 1000, IdleTrim.configuredMs("soon"));
  }
}
