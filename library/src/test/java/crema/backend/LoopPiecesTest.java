package crema.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class LoopPiecesTest {
  @Test
  void aThreadRunsItsOwnBlockFirstThenHelpsWithTheOthers() {
    // 80 indices, 8 pieces of 10, two blocks of four pieces.
    LoopPieces pieces = new LoopPieces(80, 8, 2);
    List<Integer> starts = new ArrayList<>();
    pieces.run(1, (s, e) -> starts.add(s)); // the worker's block, alone: then the caller's too
    assertEquals(List.of(40, 50, 60, 70, 0, 10, 20, 30), starts);
    List<Integer> none = new ArrayList<>();
    pieces.run(0, (s, e) -> none.add(s));
    assertEquals(List.of(), none, "every piece is run once");
  }

  @Test
  void piecesKeepTheirBoundsWhoeverRunsThem() {
    LoopPieces alone = new LoopPieces(37, 6, 3);
    List<String> ranges = new ArrayList<>();
    alone.run(2, (s, e) -> ranges.add(s + ".." + e));
    assertEquals(List.of("24..30", "30..37", "0..6", "6..12", "12..18", "18..24"), ranges);
  }

  @Test
  void threadsTakingAtOnceRunEveryIndexExactlyOnce() throws InterruptedException {
    int n = 10_007;
    int threads = 3;
    for (int round = 0; round < 20; round++) {
      LoopPieces pieces = new LoopPieces(n, 4 * threads, threads);
      AtomicIntegerArray hits = new AtomicIntegerArray(n);
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> started = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int own = t;
        Thread th =
            new Thread(
                () -> {
                  try {
                    assertTrue(go.await(10, TimeUnit.SECONDS));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  pieces.run(
                      own,
                      (s, e) -> {
                        for (int i = s; i < e; i++) hits.incrementAndGet(i);
                      });
                });
        th.start();
        started.add(th);
      }
      go.countDown();
      for (Thread th : started) th.join(10_000);
      for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "index " + i);
    }
  }
}
