package crema.backend;

/**
 * The one per-thread switch that {@link Parallel} copies from the calling thread into its workers
 * for the length of a loop, and restores afterwards. Autograd keeps its grad mode here ({@code
 * crema.tensor.NoGrad}), so that work split over the cores records a graph exactly when the
 * caller's would; the machinery itself never reads what the switch means.
 *
 * <p>A one-element array rather than a {@code Boolean}: flipping it is one thread-local lookup and
 * no allocation, which matters because every op flips it twice.
 */
public final class CarriedFlag {
  private static final ThreadLocal<boolean[]> FLAG =
      ThreadLocal.withInitial(() -> new boolean[] {true});

  private CarriedFlag() {}

  /** This thread's switch: read and write element 0. It starts {@code true} on every thread. */
  public static boolean[] current() {
    return FLAG.get();
  }
}
