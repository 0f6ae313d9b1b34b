package crema.backend;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the calling thread and the team's first worker run on cores far apart, from the round
 * trip of one cache line between them: written by one, answered by the other, timed. Measured at
 * most four times a second, and only when asked.
 *
 * <p>Why: these machines are two vCPUs of a shared host, and the host moves them. For seconds to
 * minutes at a time they share a cache (a round trip of 64-75 ns), then they do not (300-350 ns).
 * In the far state, every array that one core wrote and the other then reads crosses between them,
 * and a product cut in two ({@link GemmSplit}) is the worst case: both halves read the whole weight
 * matrix that the optimizer, on the calling thread, has just written. A VAE trained at 10.1k
 * samples/s with its products cut and 18.3k with them whole in the far state, against 22.1k and
 * 18.5k in the near one (the same process, alternating windows, each tagged with the round trip
 * before and after it). So products are cut only while the cores are near.
 *
 * <p>The probe costs 5 µs near and 25 µs far (80 round trips), four times a second at most: about
 * 0.01 % of a training step's time. It needs the team's first worker running: a worker asleep is
 * woken, and when it does not answer in time (a busy machine, see {@link MachineLoad}) the last
 * reading stands.
 *
 * <pre>{@code
 * if (!CoreDistance.far()) { ... cut the product over the cores ... }
 * }</pre>
 */
final class CoreDistance {
  /**
   * Round trips above this are the far state. The AMD hosts' two states lie at about 65 and 330 ns;
   * an Emerald Rapids host's two vCPUs measure 105-215 ns, steadily, and there products cut by rows
   * trained the VAE 1.19 times and the course's {@code models.VAE} 1.23 times as fast as whole
   * ({@code LibraryAB}, session 20; the line was 150 ns, which that host's readings crossed back
   * and forth).
   */
  static final double FAR_NANOS = 250;

  private static final long REFRESH_NANOS = 250_000_000L;

  /** The round trips timed: the least of {@code ROUNDS} averages of {@code TRIPS} each. */
  private static final int ROUNDS = 4;

  private static final int TRIPS = 16;

  /** How long the first answer may take (a sleeping worker wakes in about 60 µs) ... */
  private static final long FIRST_WAIT_NANOS = 2_000_000L;

  /** ... and each later one, before the worker counts as not running. */
  private static final long WAIT_NANOS = 50_000L;

  private static volatile long probedAt = System.nanoTime() - REFRESH_NANOS;
  private static volatile boolean far;

  private CoreDistance() {}

  /** Whether the cores were far apart at the latest reading (re-read when it is stale). */
  static boolean far() {
    long now = System.nanoTime();
    if (now - probedAt >= REFRESH_NANOS) {
      probedAt = now;
      double ns = roundTripNanos();
      if (!Double.isNaN(ns)) {
        far = ns > FAR_NANOS;
      }
    }
    return far;
  }

  /**
   * One round trip between this thread and the team's first worker, in nanoseconds; NaN when there
   * is no worker, another thread holds the team, or the worker did not answer in time.
   */
  static double roundTripNanos() {
    if (Parallel.threads() < 2 || Parallel.inParallelRegion()) {
      return Double.NaN;
    }
    Team team = Parallel.team();
    if (!team.tryClaim()) {
      return Double.NaN;
    }
    try {
      AtomicLong ball = new AtomicLong();
      Team.Join join = new Team.Join(1);
      if (!team.offer(0, new Team.Share(() -> answer(ball), false, join))) {
        return Double.NaN;
      }
      boolean answered = false;
      try {
        answered = serve(ball, 0, FIRST_WAIT_NANOS);
        return answered ? fastest(ball) : Double.NaN;
      } finally {
        ball.set(-1); // the rally is over: the worker returns at once
        if (answered) {
          join.await(); // so that the next loop finds it free
        }
      }
    } finally {
      team.release();
    }
  }

  /** The worker's side: answers each odd number with the next even one, until told to stop. */
  private static void answer(AtomicLong ball) {
    for (long v = 1; ; v += 2) {
      long seen;
      while ((seen = ball.get()) != v) {
        if (seen < 0) {
          return;
        }
        Thread.onSpinWait();
      }
      // A plain write here could overwrite the caller's "stop" written just after the read.
      if (!ball.compareAndSet(v, v + 1)) {
        return;
      }
    }
  }

  /** The least average round trip over {@link #ROUNDS} rounds; NaN if an answer came too late. */
  private static double fastest(AtomicLong ball) {
    long v = 2;
    double best = Double.POSITIVE_INFINITY;
    for (int r = 0; r < ROUNDS; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < TRIPS; i++, v += 2) {
        if (!serve(ball, v, WAIT_NANOS)) {
          return Double.NaN;
        }
      }
      best = Math.min(best, (System.nanoTime() - t0) / (double) TRIPS);
    }
    return best;
  }

  /** Serves {@code v + 1} and waits up to {@code waitNanos} for the answer {@code v + 2}. */
  private static boolean serve(AtomicLong ball, long v, long waitNanos) {
    ball.set(v + 1);
    long start = System.nanoTime();
    for (int spins = 1; ball.get() != v + 2; spins++) {
      // The clock is read now and then only: a read costs about a third of a near round trip.
      if ((spins & 63) == 0 && System.nanoTime() - start > waitNanos) {
        return false;
      }
      Thread.onSpinWait();
    }
    return true;
  }
}
