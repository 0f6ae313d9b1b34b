package crema.kernel.exec;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A task that runs once the kernel has stayed idle for a while, on a daemon thread of its own: a
 * cell that starts first cancels it. The kernel JVM's two idle jobs have one each, {@link
 * IdleVmCuller} and {@link CompilerHeapTrim}.
 *
 * <pre>{@code
 * IdleTimer t = new IdleTimer("crema-idle-culler");
 * t.after(30_000, cull);   // a cell ended
 * t.cancel();              // the next one started within 30 s: no cull
 * }</pre>
 */
final class IdleTimer {
  private final String threadName;
  private ScheduledExecutorService executor; // started on first use: most kernels never need it
  private ScheduledFuture<?> pending;

  IdleTimer(String threadName) {
    this.threadName = threadName;
  }

  /** Runs {@code task} in {@code ms} unless {@link #cancel} comes first; replaces a pending one. */
  synchronized void after(long ms, Runnable task) {
    cancel();
    pending = executor().schedule(task, ms, TimeUnit.MILLISECONDS);
  }

  /** Runs {@code task} in {@code ms} whatever comes, beside a pending one; its future. */
  synchronized ScheduledFuture<?> surely(long ms, Runnable task) {
    return executor().schedule(task, ms, TimeUnit.MILLISECONDS);
  }

  /** Cancels the task waiting for idle time, if any. */
  synchronized void cancel() {
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
  }

  private ScheduledExecutorService executor() {
    if (executor == null) {
      executor =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
              });
    }
    return executor;
  }
}
