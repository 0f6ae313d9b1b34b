package crema.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
