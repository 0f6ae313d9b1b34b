package crema.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.tensor.NoGrad;
import crema.tensor.Tensor;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Test
  void coversEveryIndexOnce() {
    int n = 1001;
    int[] hits = new int[n];
    Parallel.parallelFor(
        n,
        10,
        (s, e) -> {
          for (int i = s; i < e; i++) {
            hits[i]++;
          }
        });
    for (int h : hits) {
      assertEquals(1, h);
    }
  }

  @Test
  void nestedLoopsRunSeriallyAndDoNotDeadlock() {
    AtomicInteger total = new AtomicInteger();
    Parallel.parallelFor(
        4,
        1,
        (s, e) -> {
          assertTrue(Parallel.inParallelRegion());
          for (int i = s; i < e; i++) {
            Parallel.parallelFor(100, 1, (a, b) -> total.addAndGet(b - a));
          }
        });
    assertEquals(400, total.get());
    assertFalse(Parallel.inParallelRegion());
  }

  @Test
  void exceptionsReachTheCaller() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Parallel.parallelFor(
                    8,
                    1,
                    (s, x) -> {
                      if (s > 0) {
                        throw new IllegalStateException("boom " + s);
                      }
                    }));
    assertTrue(e.getMessage().startsWith("boom"));
  }

  @Test
  void errorsPassThroughUnwrapped() {
    // JShell interrupts a cell by throwing into its thread; such Errors must not be wrapped.
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                Parallel.parallelFor(
                    8,
                    1,
                    (s, x) -> {
                      throw new AssertionError("stop " + s);
                    }));
    assertTrue(e.getMessage().startsWith("stop"));
    assertFalse(Parallel.inParallelRegion());
  }

  @Test
  void gradModeIsPassedToWorkers() {
    boolean[] seen = new boolean[8];
    try (NoGrad g = Tensor.noGrad()) {
      Parallel.parallelFor(
          8,
          1,
          (s, e) -> {
            for (int i = s; i < e; i++) {
              seen[i] = Tensor.isGradEnabled();
            }
          });
    }
    for (boolean b : seen) {
      assertFalse(b);
    }
    assertTrue(Tensor.isGradEnabled());
  }

  /** Counts, per index, how often a loop over [0, n) visited it. */
  private static int[] visits(int n) {
    int[] hits = new int[n];
    Parallel.parallelFor(
        n,
        1,
        (s, e) -> {
          for (int i = s; i < e; i++) hits[i]++;
        });
    return hits;
  }

  private static void assertEachOnce(int[] hits) {
    for (int h : hits) assertEquals(1, h);
  }

  @Test
  void workersThatFellAsleepWakeForTheNextLoop() throws InterruptedException {
    if (Parallel.threads() < 2) return; // one thread: nothing to hand off
    Set<String> threads = ConcurrentHashMap.newKeySet();
    for (int round = 0; round < 3; round++) {
      Thread.sleep(20); // far past the spin: the workers park
      Parallel.parallelFor(
          Parallel.threads(),
          1,
          (s, e) -> {
            threads.add(Thread.currentThread().getName());
            try {
              Thread.sleep(5); // long enough for a parked worker to wake and take a piece
            } catch (InterruptedException ex) {
              Thread.currentThread().interrupt();
            }
          });
    }
    assertTrue(threads.stream().anyMatch(t -> t.startsWith("crema-parallel-")), threads.toString());
    assertEachOnce(visits(1000));
  }

  @Test
  void aLoopFromAnotherThreadWhileTheWorkersAreBusyRunsOnItsOwnThread() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread first =
        new Thread(
            () ->
                Parallel.parallelFor(
                    2,
                    1,
                    (s, e) -> {
                      started.countDown();
                      try {
                        release.await(10, TimeUnit.SECONDS);
                      } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                      }
                    }));
    first.start();
    assertTrue(started.await(10, TimeUnit.SECONDS));
    assertEachOnce(visits(777)); // must not wait for the first loop
    release.countDown();
    first.join(10_000);
    assertFalse(first.isAlive());
  }

  @Test
  void aWorkerStillBusyWithAnAbandonedChunkIsSkipped() throws InterruptedException {
    if (Parallel.threads() < 2) return;
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch workerIn = new CountDownLatch(1);
    // The caller's own piece throws an Error (as a notebook interrupt does) while the worker's
    // piece still runs: parallelFor returns at once, leaving the worker busy. (Which piece each
    // thread takes is not fixed: the roles go by thread.)
    Thread caller = Thread.currentThread();
    assertThrows(
        AssertionError.class,
        () ->
            Parallel.parallelFor(
                2,
                1,
                (s, e) -> {
                  if (Thread.currentThread() == caller) {
                    try {
                      workerIn.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException ex) {
                      Thread.currentThread().interrupt();
                    }
                    throw new AssertionError("interrupted cell");
                  }
                  workerIn.countDown();
                  try {
                    release.await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                  }
                }));
    assertEachOnce(visits(999)); // the busy worker gets no share: the caller does it all
    release.countDown();
    Thread.sleep(50);
    assertEachOnce(visits(999)); // and the worker takes pieces again once done
  }
}
