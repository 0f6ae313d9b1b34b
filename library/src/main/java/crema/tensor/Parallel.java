package crema.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The library's one thread pool, for splitting batch-level work across cores.
 *
 * <pre>{@code
 * // im2col + GEMM per image, two images at a time on a 2-core machine:
 * Parallel.parallelFor(batch, 1, (start, end) -> {
 *   for (int i = start; i < end; i++) convolveOne(i);
 * });
 * }</pre>
 *
 * <h2>Rules (see PERFORMANCE-NOTES: never stack thread pools)</h2>
 *
 * <ul>
 *   <li>There is one pool of {@link #threads()} workers ({@code availableProcessors}, or the system
 *       property {@code crema.threads}); the calling thread takes a share of the work itself.
 *   <li>A {@code parallelFor} inside a {@code parallelFor} body runs serially on the current
 *       thread: nesting never multiplies threads, and it never deadlocks.
 *   <li>Inside a body, {@link #inParallelRegion()} is true and {@link Blas} runs its pure-Java GEMM
 *       single-threaded. OpenBLAS keeps its own threads for large single calls made outside a
 *       parallel region; do not call {@code parallelFor} around large GEMMs, split work so that
 *       each GEMM is either big (let BLAS thread it) or one of many small ones (parallelFor).
 *   <li>The caller's grad mode ({@link NoGrad}) is passed on to the workers.
 * </ul>
 */
public final class Parallel {
  /** The body of a parallel loop: processes indices {@code start} (inclusive) to {@code end}. */
  @FunctionalInterface
  public interface Range {
    void run(int start, int end);
  }

  private static final int THREADS =
      Math.max(1, Integer.getInteger("crema.threads", Runtime.getRuntime().availableProcessors()));
  private static final ThreadLocal<boolean[]> IN_REGION =
      ThreadLocal.withInitial(() -> new boolean[1]);
  private static volatile ExecutorService pool;

  private Parallel() {}

  /** Number of threads work is split over (the caller plus {@code threads() - 1} workers). */
  public static int threads() {
    return THREADS;
  }

  /** Whether the current thread is running the body of a {@code parallelFor}. */
  public static boolean inParallelRegion() {
    return IN_REGION.get()[0];
  }

  private static ExecutorService pool() {
    ExecutorService p = pool;
    if (p == null) {
      synchronized (Parallel.class) {
        p = pool;
        if (p == null) {
          AtomicInteger count = new AtomicInteger();
          p =
              Executors.newFixedThreadPool(
                  Math.max(1, THREADS - 1),
                  r -> {
                    Thread t = new Thread(r, "crema-parallel-" + count.incrementAndGet());
                    t.setDaemon(true); // never keeps the JVM (the notebook's user VM) alive
                    return t;
                  });
          pool = p;
        }
      }
    }
    return p;
  }

  /**
   * Runs {@code body} over {@code [0, n)} split into at most {@link #threads()} contiguous chunks
   * of at least {@code grain} indices each. Returns when all chunks are done; an exception in any
   * chunk is rethrown here.
   */
  public static void parallelFor(int n, int grain, Range body) {
    if (n <= 0) {
      return;
    }
    int g = Math.max(1, grain);
    int chunks = (int) Math.min(THREADS, (n + (long) g - 1) / g);
    boolean[] region = IN_REGION.get();
    if (chunks <= 1 || region[0]) {
      boolean was = region[0];
      region[0] = true;
      try {
        body.run(0, n);
      } finally {
        region[0] = was;
      }
      return;
    }
    boolean grad = NoGrad.isEnabled();
    List<Future<?>> futures = new ArrayList<>(chunks - 1);
    for (int c = 1; c < chunks; c++) {
      int start = (int) ((long) n * c / chunks);
      int end = (int) ((long) n * (c + 1) / chunks);
      futures.add(
          pool()
              .submit(
                  () -> {
                    boolean[] r = IN_REGION.get();
                    boolean prevGrad = NoGrad.isEnabled();
                    r[0] = true;
                    NoGrad.set(grad);
                    try {
                      body.run(start, end);
                    } finally {
                      r[0] = false;
                      NoGrad.set(prevGrad);
                    }
                  }));
    }
    RuntimeException first = null;
    region[0] = true;
    try {
      body.run(0, (int) ((long) n / chunks));
    } catch (RuntimeException | Error e) {
      first = e instanceof RuntimeException ? (RuntimeException) e : new RuntimeException(e);
    } finally {
      region[0] = false;
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (first == null) {
          first = new IllegalStateException("parallelFor interrupted", e);
        }
      } catch (ExecutionException e) {
        if (first == null) {
          Throwable cause = e.getCause();
          first =
              cause instanceof RuntimeException
                  ? (RuntimeException) cause
                  : new RuntimeException(cause);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
