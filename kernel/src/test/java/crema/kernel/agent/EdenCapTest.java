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
  void findsTheEdenOfThisVm() {
    // Every collector of the JDK names its young allocation pool "... Eden Space": with a cap of
    // zero, any allocation at all puts eden above it.
    byte[][] garbage = new byte[64][];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = new byte[4096];
    }
    assertTrue(garbage[63].length > 0);
    assertTrue(EdenCap.forThisVm(0).collectIfAbove(), "no eden pool found, or it was empty");
  }
}
