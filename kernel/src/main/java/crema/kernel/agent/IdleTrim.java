package crema.kernel.agent;

import crema.backend.ArrayPool;

/**
 * Gives the user VM's spare memory back to the machine once the participant has been idle for a
 * while: a workshop machine holds many participants, and most of them are reading, not training.
 *
 * <p>After {@code CREMA_IDLE_TRIM} seconds without a cell (default {@value #DEFAULT_SECONDS}; 0
 * turns it off), once per idle period (the training warm-up does the same when it ends, for the
 * memory of its own models):
 *
 * <ol>
 *   <li>the library's array pool is emptied: the arrays it kept for the next training step (up to
 *       128 MB) become garbage, and the next step takes fresh ones;
 *   <li>a full collection runs ({@code System.gc()}, a fraction of a second for a few hundred MB of
 *       live data). With the user VM's heap options ({@code -XX:-ShrinkHeapInSteps}, {@code
 *       -XX:MaxHeapFreeRatio=10}) the old generation then shrinks to what is live, and the pages
 *       above it are returned to the operating system.
 * </ol>
 *
 * Nothing the participant holds is touched: their variables, data sets and models stay. Measured
 * after notebook 02's training cells: the user VM went from 647 to 564 MB resident. The young
 * generation (a fixed nursery, see {@code UserVmConfig}) stays resident; only a restart or the
 * optional culler frees it.
 */
public final class IdleTrim {
  /** Seconds without a cell before the memory is given back. */
  static final long DEFAULT_SECONDS = 30;

  private final QuietTime quiet;
  private final long afterMs;
  private final Runnable trim;

  IdleTrim(QuietTime quiet, long afterMs, Runnable trim) {
    this.quiet = quiet;
    this.afterMs = afterMs;
    this.trim = trim;
  }

  /**
   * The delay {@code CREMA_IDLE_TRIM} asks for, in ms; 0 when off; the default when unreadable. The
   * kernel JVM reads it too, for whether its own heap trim is on ({@code CompilerHeapTrim}).
   */
  public static long configuredMs(String env) {
    return EnvSeconds.millis("CREMA_IDLE_TRIM", env, DEFAULT_SECONDS * 1000);
  }

  /** Whether the trim runs in this VM (set once at start from {@code CREMA_IDLE_TRIM}). */
  private static volatile boolean enabled;

  /** Records whether the trim runs, so that other idle work can follow the same switch. */
  static void setEnabled(boolean on) {
    enabled = on;
  }

  /** Whether memory is given back when idle ({@code CREMA_IDLE_TRIM} is not 0). */
  static boolean isEnabled() {
    return enabled;
  }

  /** Empties the array pool and collects, so that the heap can shrink to what is live. */
  static void giveMemoryBack() {
    ArrayPool.clear();
    System.gc();
  }

  /** Trims once per idle period, until interrupted. */
  void run() {
    long trimmedAfter = 0;
    while (!Thread.currentThread().isInterrupted()) {
      long end = quiet.awaitQuiet(afterMs);
      if (end < 0) {
        return;
      }
      if (end != trimmedAfter) {
        trim.run();
        trimmedAfter = end;
      }
      try {
        quiet.awaitRunAfter(end);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
