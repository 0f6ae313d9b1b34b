package crema.backend;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The worker threads behind {@link Parallel#parallelFor}, and the hand-off between them and the
 * caller.
 *
 * <p>Why not an {@code ExecutorService}: its idle workers park, and waking a parked thread took
 * 60–70 µs on these machines, so an empty {@code parallelFor} over two threads cost that much. A
 * training step runs a few dozen parallel loops of 0.1–1 ms each (every convolution, pooling and
 * activation, forward and backward), so about a fifth of LeNet's step went to waking threads. Here
 * an idle worker spins for a while ({@link Thread#onSpinWait}), checking for its next share, and
 * parks only when none came; the caller, likewise, spins while it waits for the shares to finish.
 * That is what OpenMP runtimes do ({@code GOMP_SPINCOUNT}, {@code KMP_BLOCKTIME}).
 *
 * <p>The spin lasts {@link #SPIN_NANOS} (system property {@code crema.spinMicros}, default 500; 0
 * parks at once), and 20 µs while the JIT compilers are busy ({@link JitActivity}). Before a large
 * GEMM that OpenBLAS runs on several threads of its own, {@link #rest} sends spinning workers to
 * sleep so that they do not compete with BLAS for the cores.
 *
 * <p>One caller at a time: another thread that calls while the team is busy (a background thread of
 * the notebook, say) runs its loop on its own thread. A worker still busy with a chunk that its
 * caller gave up on (an interrupt thrown into the caller) is skipped: the others take its part.
 */
public final class Team {
  /** How long an idle worker, or a waiting caller, spins before it parks. */
  static final long SPIN_NANOS = Math.max(0, Long.getLong("crema.spinMicros", 500)) * 1000;

  /** The spin while the JIT compilers are busy ({@link JitActivity}): leaves them the cores. */
  static final long SPIN_WHILE_COMPILING_NANOS = Math.min(SPIN_NANOS, 20_000);

  /** How long to spin now. */
  static long spinNanos() {
    return JitActivity.compiling() ? SPIN_WHILE_COMPILING_NANOS : SPIN_NANOS;
  }

  /** A worker's share of a loop: the work, the caller's grad mode, and whom to tell when done. */
  record Share(Runnable work, boolean grad, Join join) {}

  /** The shares still running, the first failure, and the caller to wake when all are done. */
  static final class Join {
    final AtomicInteger remaining;
    final Thread caller = Thread.currentThread();
    volatile boolean callerParked;
    volatile Throwable failure;

    Join(int shares) {
      remaining = new AtomicInteger(shares);
    }

    void done(Throwable t) {
      if (t != null && failure == null) failure = t;
      if (remaining.decrementAndGet() == 0 && callerParked) LockSupport.unpark(caller);
    }

    /** Waits, spinning first, until every share handed out has finished. */
    void await() {
      long start = System.nanoTime();
      long spin = spinNanos();
      while (remaining.get() > 0) {
        if (System.nanoTime() - start < spin) {
          Thread.onSpinWait();
          continue;
        }
        callerParked = true;
        if (remaining.get() > 0) LockSupport.park(this);
        callerParked = false;
      }
    }
  }

  private final Worker[] workers;
  private final AtomicBoolean busy = new AtomicBoolean();

  /** Bumped by {@link #rest}: a spinning worker that sees it change parks at once. */
  private volatile int restEpoch;

  Team(int workers) {
    this.workers = new Worker[workers];
    for (int i = 0; i < workers; i++) {
      this.workers[i] = new Worker("crema-parallel-" + (i + 1));
      this.workers[i].start();
    }
  }

  /** Claims the team for one loop; false when another thread has it. */
  boolean tryClaim() {
    return busy.compareAndSet(false, true);
  }

  void release() {
    busy.set(false);
  }

  /** Hands {@code share} to worker {@code i}; false when that worker is still busy. */
  boolean offer(int i, Share share) {
    return workers[i].offer(share);
  }

  int size() {
    return workers.length;
  }

  /** Lets spinning workers park now (before BLAS starts threads of its own). */
  void rest() {
    restEpoch++;
  }

  private final class Worker extends Thread {
    private volatile Share share;
    private volatile boolean parked;

    Worker(String name) {
      super(name);
      setDaemon(true); // never keeps the JVM (the notebook's user VM) alive
    }

    boolean offer(Share s) {
      if (share != null) return false;
      share = s;
      if (parked) LockSupport.unpark(this);
      return true;
    }

    @Override
    public void run() {
      while (true) {
        Share s = next();
        Throwable failure = null;
        boolean[] carried = CarriedFlag.current();
        boolean prevGrad = carried[0];
        boolean[] region = Parallel.regionFlag();
        region[0] = true;
        carried[0] = s.grad();
        try {
          s.work().run();
        } catch (Throwable t) {
          failure = t;
        } finally {
          region[0] = false;
          carried[0] = prevGrad;
        }
        share = null; // idle before the caller can see the loop done, so it may offer again
        s.join().done(failure);
      }
    }

    /** The next share: spin while one may come soon, then park until one does. */
    private Share next() {
      long start = System.nanoTime();
      long spin = spinNanos();
      int epoch = restEpoch;
      Share s;
      while ((s = share) == null) {
        if (System.nanoTime() - start < spin && epoch == restEpoch) {
          Thread.onSpinWait();
          continue;
        }
        parked = true;
        if (share == null) LockSupport.park(this);
        parked = false;
        start = System.nanoTime();
        spin = spinNanos();
        epoch = restEpoch;
      }
      return s;
    }
  }
}
