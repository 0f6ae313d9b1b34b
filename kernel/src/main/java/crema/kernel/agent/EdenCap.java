package crema.kernel.agent;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.function.LongSupplier;

/**
 * Keeps the background warm-up's garbage in the first few MB of the young generation.
 *
 * <p>The serial collector never gives its young generation back: every page of eden and of the
 * survivor spaces that was ever written stays resident. Left alone, the training warm-up allocates
 * several hundred MB, so it writes all of eden and, at each young collection, the survivor spaces
 * too; an idle kernel that had run one trivial cell then held about 100 MB of young generation (of
 * the 128 MB that the user VM had then) it would never use until the participant trains. Collecting
 * whenever {@link #DEFAULT_BYTES} more have been allocated, or half of eden if that is less (the
 * user VM's eden is 21 MB), keeps the pages written to that much, and a full collection leaves the
 * survivor spaces untouched. A participant's own training still gets the whole young generation;
 * only the warm-up, which runs while the participant reads, is capped.
 */
final class EdenCap {
  /**
   * Eden the warm-up may fill before it collects. A full collection of the warm-up's few MB of live
   * data takes tens of ms, so a smaller cap costs more collections for little memory.
   */
  static final long DEFAULT_BYTES = 16L << 20;

  private final LongSupplier edenUsed;
  private final long capBytes;
  private final Runnable collect;
  private long afterLastCollection;

  EdenCap(LongSupplier edenUsed, long capBytes, Runnable collect) {
    this.edenUsed = edenUsed;
    this.capBytes = capBytes;
    this.collect = collect;
  }

  /**
   * The cap on this VM's eden (the heap pool whose name has "Eden" in it, for every collector of
   * the JDK): {@code capBytes}, or half of eden's size if that is less, so that the warm-up never
   * fills it; one that never collects when the collector has no such pool.
   */
  static EdenCap forThisVm(long capBytes) {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Eden")) {
        long size = pool.getUsage().getMax(); // -1 where the collector sizes eden as it goes (G1)
        long cap = size > 0 ? Math.min(capBytes, size / 2) : capBytes;
        return new EdenCap(() -> pool.getUsage().getUsed(), cap, System::gc);
      }
    }
    return new EdenCap(() -> 0L, capBytes, () -> {});
  }

  /**
   * Collects if more than the cap was allocated in eden since the last collection; returns whether
   * it did. Measured from what eden held right after that collection: the serial collector's full
   * collection leaves in eden what the old generation has no room for (the array pool's arrays, a
   * model's weights), and a cap on the total would then collect at every step.
   */
  boolean collectIfAbove() {
    long used = edenUsed.getAsLong();
    if (used < afterLastCollection) {
      // A collection the cap did not run (eden was full) emptied eden: count from what it holds
      // now.
      afterLastCollection = used;
    }
    if (used - afterLastCollection <= capBytes) {
      return false;
    }
    collect.run();
    afterLastCollection = edenUsed.getAsLong();
    return true;
  }
}
