package crema.kernel.exec;

import crema.kernel.agent.IdleTrim;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongSupplier;

/**
 * Keeps the kernel JVM's heap near what javac and JShell hold alive, so that a kernel does not grow
 * with every cell a participant runs.
 *
 * <p>Why it is needed: JShell compiles each snippet against every earlier one it still holds (each
 * snippet's wrapper imports them all), so a compile allocates more the longer the session runs:
 * from 5 to 70 MB per snippet after 300 snippets (JDK 25, measured with an in-process JShell). Part
 * of that is still reachable when a young collection comes, and is promoted. The serial collector
 * then grows the old generation instead of collecting it, up to the heap's ceiling (a quarter of
 * the machine's memory): a kernel went from 133 to 1,985 MB resident over 400 cells, though 70 MB
 * of its heap were live; a 60-cell notebook run again and again added 23 MB per run.
 *
 * <p>So the kernel collects itself whenever its compiler has nothing to do: after a cell, and while
 * the user VM runs a snippet (a training cell leaves the kernel JVM idle for minutes). When the old
 * generation holds more than it did right after the last full collection:
 *
 * <ul>
 *   <li>by {@link #IDLE_GROWTH} or more, a full collection runs once the compiler has been idle for
 *       {@link #IDLE_MS} (the participant reading, or a cell training; a snippet to compile puts it
 *       off);
 *   <li>by {@link #HARD_GROWTH} or more, it runs at once, whatever comes next (a Run All has no
 *       idle moment). A full collection paused the kernel for 45-60 ms (JDK 25, 35-70 MB of old
 *       generation), about once in 80 cells of a Run All.
 * </ul>
 *
 * With the kernelspec's heap options (a small initial heap, {@code -XX:MaxHeapFreeRatio=10} and
 * {@code -XX:-ShrinkHeapInSteps}; {@code install/install-kernelspec.sh}) the old generation then
 * shrinks to a little above what is live and its pages go back to the operating system. Off with
 * {@code CREMA_IDLE_TRIM=0}, the switch that also stops the user VM giving memory back.
 */
final class CompilerHeapTrim {
  /** Idle time before a collection for {@link #IDLE_GROWTH}. */
  static final long IDLE_MS = 2_000;

  /** Old-generation growth collected once the compiler has been idle for {@link #IDLE_MS}. */
  static final long IDLE_GROWTH = 8L << 20;

  /** Old-generation growth collected as soon as the compiler is idle, whatever comes next. */
  static final long HARD_GROWTH = 32L << 20;

  /** Delay before that collection, so that a cell's reply goes out before it pauses the JVM. */
  static final long SETTLE_MS = 20;

  /**
   * This kernel JVM's trim: its cells mark the compiler busy ({@code JShellSession}), and so does
   * the end of each invocation of user code ({@code CremaExecutionControl}), whose start marks it
   * idle: while a cell trains for minutes in the user VM, the kernel JVM has nothing to compile.
   */
  static final CompilerHeapTrim KERNEL = forThisJvm();

  private final boolean enabled;
  private final long idleMs;
  private final LongSupplier growth;
  private final Runnable collect;
  private final IdleTimer timer = new IdleTimer("crema-heap-trim");
  private ScheduledFuture<?> atOnce;

  /**
   * @param enabled whether to collect at all
   * @param idleMs idle time before a collection for {@link #IDLE_GROWTH}
   * @param growth bytes the old generation holds beyond what it held after the last full collection
   * @param collect runs a full collection (on a timer thread)
   */
  CompilerHeapTrim(boolean enabled, long idleMs, LongSupplier growth, Runnable collect) {
    this.enabled = enabled;
    this.idleMs = idleMs;
    this.growth = growth;
    this.collect = collect;
  }

  /** The kernel JVM's trim: on unless {@code CREMA_IDLE_TRIM} is 0. */
  private static CompilerHeapTrim forThisJvm() {
    // Only whether it is 0 counts here; the delay itself is the user VM's.
    boolean on = IdleTrim.configuredMs(System.getenv("CREMA_IDLE_TRIM")) > 0;
    return new CompilerHeapTrim(on, IDLE_MS, oldGenerationGrowth(), System::gc);
  }

  /**
   * The growth of the heap's old generation (the heap pool that is neither eden nor a survivor
   * space: "Tenured Gen", "PS Old Gen", "G1 Old Gen") since its last collection; 0 where the JVM
   * reports no such pool.
   */
  static LongSupplier oldGenerationGrowth() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      String name = p.getName();
      if (p.getType() == MemoryType.HEAP
          && p.getCollectionUsage() != null
          && !name.contains("Eden")
          && !name.contains("Survivor")) {
        return () -> {
          MemoryUsage after = p.getCollectionUsage(); // zero before the first full collection
          return p.getUsage().getUsed() - (after == null ? 0 : after.getUsed());
        };
      }
    }
    return () -> 0;
  }

  /** The compiler has work (a cell starts): a collection waiting for idle time is put off. */
  synchronized void busy() {
    timer.cancel();
  }

  /**
   * The compiler has nothing to do from now on (a cell ended, or user code runs): collect right
   * away if the old generation grew much, else when this lasts if it grew some.
   */
  synchronized void idleFrom() {
    timer.cancel();
    if (!enabled) {
      return;
    }
    if (growth.getAsLong() >= HARD_GROWTH) {
      // Not put off by the next cell, and scheduled once: the snippets that follow within the
      // settling time still see the growth.
      if (atOnce == null || atOnce.isDone()) {
        atOnce = timer.surely(SETTLE_MS, collect);
      }
    } else {
      timer.after(
          idleMs,
          () -> {
            if (growth.getAsLong() >= IDLE_GROWTH) {
              collect.run();
            }
          });
    }
  }
}
