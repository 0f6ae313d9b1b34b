package crema.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CompilerHeapTrimTest {
  private final AtomicLong growth = new AtomicLong();
  private final AtomicInteger collections = new AtomicInteger();
  private final CountDownLatch collected = new CountDownLatch(1);

  private CompilerHeapTrim trim(boolean enabled, long idleMs) {
    return new CompilerHeapTrim(
        enabled,
        idleMs,
        growth::get,
        () -> {
          collections.incrementAndGet();
          growth.set(0); // what a full collection does to the growth
          collected.countDown();
        });
  }

  @Test
  void collectsWhenIdleOnceTheOldGenerationGrewEnough() throws InterruptedException {
    CompilerHeapTrim t = trim(true, 300);
    growth.set(CompilerHeapTrim.IDLE_GROWTH - 1);
    t.idleFrom();
    Thread.sleep(600);
    assertEquals(0, collections.get(), "collected below the idle threshold");
    growth.set(CompilerHeapTrim.IDLE_GROWTH);
    t.idleFrom();
    Thread.sleep(100);
    t.busy(); // a cell started within the idle time: put off
    Thread.sleep(500);
    assertEquals(0, collections.get(), "collected under a cell");
    t.idleFrom();
    assertTrue(collected.await(5, TimeUnit.SECONDS), "no collection after the idle time");
    assertEquals(1, collections.get());
  }

  @Test
  void collectsRightAfterACellOnceTheOldGenerationGrewMuch() throws InterruptedException {
    CompilerHeapTrim t = trim(true, 60_000);
    growth.set(CompilerHeapTrim.HARD_GROWTH);
    t.idleFrom();
    t.busy(); // the next cell of a Run All does not put it off
    t.idleFrom(); // nor does its snippet, run before the collection, add a second one
    assertTrue(
        collected.await(5, TimeUnit.SECONDS), "no collection after a cell at the hard limit");
    Thread.sleep(200);
    assertEquals(1, collections.get());
  }

  @Test
  void offMeansNeverCollects() throws InterruptedException {
    CompilerHeapTrim t = trim(false, 50);
    growth.set(CompilerHeapTrim.HARD_GROWTH * 4);
    t.idleFrom();
    Thread.sleep(400);
    assertEquals(0, collections.get());
  }

  @Test
  void readsTheOldGenerationOfThisJvm() {
    // Whatever the collector of the test JVM, the growth is a byte count, never negative after a
    // full collection has just run.
    System.gc();
    long g = CompilerHeapTrim.oldGenerationGrowth().getAsLong();
    assertTrue(g >= 0 && g < Runtime.getRuntime().maxMemory(), "growth " + g);
  }
}
