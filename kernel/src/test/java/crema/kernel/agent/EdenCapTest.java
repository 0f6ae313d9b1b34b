package crema.kernel.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EdenCapTest {
  @Test
  void collectsOncePerCapOfAllocation() {
    AtomicLong used = new AtomicLong(10);
    AtomicLong survivesACollection = new AtomicLong(0);
    AtomicInteger collections = new AtomicInteger();
    EdenCap cap =
        new EdenCap(
            used::get,
            16,
            () -> {
              collections.incrementAndGet();
              used.set(survivesACollection.get());
            });
    assertFalse(cap.collectIfAbove(), "collected below the cap");
    used.set(16);
    assertFalse(cap.collectIfAbove(), "collected at the cap");
    used.set(17);
    assertTrue(cap.collectIfAbove(), "did not collect above the cap");
    assertEquals(1, collections.get());
    assertFalse(cap.collectIfAbove(), "collected again right after a collection");

    // What stays in eden after a collection counts as the new floor, not as allocation.
    survivesACollection.set(30);
    used.set(40);
    assertTrue(cap.collectIfAbove());
    assertEquals(30, used.get());
    used.set(46);
    assertFalse(cap.collectIfAbove(), "what survived in eden was counted against the cap");
    used.set(47);
    assertTrue(cap.collectIfAbove());
    assertEquals(3, collections.get());
  }

  @Test
  void countsFromWhereACollectionItDidNotRunLeftEden() {
    AtomicLong used = new AtomicLong(0);
    EdenCap cap = new EdenCap(used::get, 16, () -> used.set(30));
    used.set(40);
    assertTrue(cap.collectIfAbove());
    // Eden filled up during a step, and the JVM collected by itself: 2 is the new floor.
    used.set(2);
    assertFalse(cap.collectIfAbove());
    used.set(19);
    assertTrue(
        cap.collectIfAbove(), "what was allocated after the JVM's own collection was not counted");
  }

  /** Keeps the test's allocations from being optimised away. */
  private static volatile byte[] sink;

  @Test
  void findsTheEdenOfThisVm() {
    // Every collector of the JDK names its young allocation pool "... Eden Space": with a cap of
    // zero, any use of eden is above it. G1 counts eden a region at a time and shows none right
    // after a collection, so allocate until it shows, in arrays small enough to go to eden.
    EdenCap cap = EdenCap.forThisVm(0);
    boolean collected = false;
    for (int i = 0; i < 16_384 && !collected; i++) {
      sink = new byte[64 * 1024];
      collected = cap.collectIfAbove();
    }
    assertTrue(sink.length > 0);
    assertTrue(collected, "no eden pool found, or eden never showed 1 GB of allocation");
  }
}
