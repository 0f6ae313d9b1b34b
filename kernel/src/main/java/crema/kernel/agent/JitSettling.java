package crema.kernel.agent;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Repeats a round of the warm-up's training steps until a round no longer makes the JIT compile.
 *
 * <p>Why a fixed number of steps is not enough: HotSpot raises its compile thresholds while its
 * compile queue is long (in proportion to the queue), and during the warm-up's first steps the
 * queue is long. Methods called once or a few times per training step (the autograd engine's
 * backward pass, the optimizer's step, a linear layer's forward, the GEMM dispatch) then never
 * reach the raised threshold, and nothing calls them again after the warm-up: they were compiled
 * during the participant's first epoch instead. On 2 cores that compiler took one of the cores that
 * a split product waits for, and a VAE's first epoch ran at half its speed for two seconds. After
 * the queue has drained, a few more steps meet the normal thresholds; this repeats that until a
 * round compiles less than {@link #SETTLED_MILLIS}, or for {@link #MAX_ROUNDS} rounds.
 *
 * <p>The JIT's activity is the JVM's accumulated compile time ({@link
 * CompilationMXBean#getTotalCompilationTime()}); where the JVM does not report it, one round runs.
 */
final class JitSettling {
  /** A round that added less compile time than this leaves the JIT settled. */
  static final long SETTLED_MILLIS = 50;

  /** At most this many rounds. */
  static final int MAX_ROUNDS = 10;

  /** How often the compile time is read while waiting for the queue to drain. */
  static final long POLL_MILLIS = 50;

  /**
   * The compile time unchanged for this long means an empty queue: C2's largest compiles of the
   * library take a few hundred ms, and the total grows only when one ends.
   */
  static final long QUIET_MILLIS = 500;

  /** The longest wait for the queue to drain after a round. */
  static final long MAX_WAIT_MILLIS = 10_000;

  private final LongSupplier compileMillis;
  private final LongConsumer sleep;

  JitSettling(LongSupplier compileMillis, LongConsumer sleep) {
    this.compileMillis = compileMillis;
    this.sleep = sleep;
  }

  /** The settling of this JVM's JIT, or one that runs one round where compile time is unknown. */
  static JitSettling forThisVm() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    LongSupplier millis =
        jit != null && jit.isCompilationTimeMonitoringSupported()
            ? jit::getTotalCompilationTime
            : () -> 0L;
    return new JitSettling(millis, JitSettling::sleepQuietly);
  }

  /** Runs {@code round} until the JIT is settled; returns how many rounds ran. */
  int settle(Runnable round) {
    awaitDrained();
    for (int rounds = 1; ; rounds++) {
      long before = compileMillis.getAsLong();
      round.run();
      awaitDrained();
      if (compileMillis.getAsLong() - before < SETTLED_MILLIS || rounds == MAX_ROUNDS) {
        return rounds;
      }
    }
  }

  /** Waits until the compile time has not grown for {@link #QUIET_MILLIS}. */
  private void awaitDrained() {
    long last = compileMillis.getAsLong();
    long unchanged = 0;
    for (long waited = 0; unchanged < QUIET_MILLIS && waited < MAX_WAIT_MILLIS; ) {
      sleep.accept(POLL_MILLIS);
      waited += POLL_MILLIS;
      long now = compileMillis.getAsLong();
      unchanged = now == last ? unchanged + POLL_MILLIS : 0;
      last = now;
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
