package crema.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CoreDistanceTest {
  @Test
  void theRoundTripIsTimedAndTheWorkerIsFreeAfterwards() throws InterruptedException {
    if (Parallel.threads() < 2) {
      assertTrue(Double.isNaN(CoreDistance.roundTripNanos()), "no worker: no reading");
      return;
    }
    // A worker that gets no core in time (the build's compiler threads take it for milliseconds)
    // gives no reading: try again, for up to two seconds.
    double best = Double.NaN;
    for (int i = 0; i < 200 && Double.isNaN(best); i++) {
      best = CoreDistance.roundTripNanos();
      if (Double.isNaN(best)) Thread.sleep(10);
    }
    assertTrue(best > 1 && best < 1_000_000, "a round trip in nanoseconds: " + best);
    // The worker left the rally: the next loop hands it a piece.
    Set<String> threads = ConcurrentHashMap.newKeySet();
    Parallel.parallelFor(
        Parallel.threads(),
        1,
        (s, e) -> {
          threads.add(Thread.currentThread().getName());
          try {
            Thread.sleep(5);
          } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
          }
        });
    assertTrue(threads.stream().anyMatch(t -> t.startsWith("crema-parallel-")), threads.toString());
  }

  @Test
  void noReadingWhileAnotherThreadHoldsTheTeamOrInsideALoop() throws Exception {
    if (Parallel.threads() < 2) return;
    double[] inside = {0};
    Parallel.parallelFor(1, 1, (s, e) -> inside[0] = CoreDistance.roundTripNanos());
    assertTrue(Double.isNaN(inside[0]), "inside a parallel loop the workers are taken");

    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread other =
        new Thread(
            () ->
                Parallel.parallelFor(
                    2,
                    1,
                    (s, e) -> {
                      holding.countDown();
                      try {
                        release.await(10, TimeUnit.SECONDS);
                      } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                      }
                    }));
    other.start();
    assertTrue(holding.await(10, TimeUnit.SECONDS));
    double whileHeld = CoreDistance.roundTripNanos();
    release.countDown();
    other.join(10_000);
    assertTrue(Double.isNaN(whileHeld), "the team was another thread's: " + whileHeld);
    assertEquals(false, other.isAlive());
  }
}
