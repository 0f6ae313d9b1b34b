package crema.backend;

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
 * <h2>Rules (never stack thread pools: stacked pools ran training 2-4x slower here)</h2>
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
 *   <li>The caller's {@link CarriedFlag} (autograd's grad mode) is passed on to the workers.
 *   <li>Idle workers spin for a moment before they sleep, so that the many short loops of a
 *       training step do not each pay for waking a thread (see {@link Team}).
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
  private static volatile Team team;

  /** Pieces per thread a loop is cut into (see {@link LoopPieces} for who takes which). */
  private static final int TASKS_PER_THREAD = 4;

  /** The fewest elements of one piece of a whole-array loop ({@link #forElements}). */
  private static final int ELEMENTWISE_GRAIN = 1 << 14;

  /** The fewest elements a whole-array loop must have to be split ({@link #forRows}). */
  static final int ELEMENTWISE_MIN = 1 << 16;

  private Parallel() {}

  /** Number of threads work is split over (the caller plus {@code threads() - 1} workers). */
  public static int threads() {
    return THREADS;
  }

  /**
   * Runs a whole-array loop (a copy, a sum, an elementwise op) over {@code [0, n)}: on the calling
   * thread below 65,536 elements, else through {@link #parallelFor} in pieces of at least 16,384.
   *
   * <p>Why split a loop that only streams memory: a second core adds little bandwidth, but run on
   * the calling thread the loop reads every row that the worker wrote in the op before, and on
   * cores that share no cache each of those rows crosses between them (docs/performance.md, "The
   * two cores come in two states"). Split in blocks, each core mostly reads its own. Below the
   * threshold the hand-off costs more than it saves, and a short loop's consumer often runs on the
   * calling thread anyway (an MLP's input reshape before a product too small to cut).
   */
  public static void forElements(int n, Range body) {
    forRows(n, 1, body);
  }

  /**
   * As {@link #forElements}, over {@code rows} rows of {@code rowLength} elements each: {@code
   * body} gets ranges of rows.
   */
  public static void forRows(int rows, int rowLength, Range body) {
    if ((long) rows * rowLength < ELEMENTWISE_MIN) {
      runHere(IN_REGION.get(), body, 0, rows);
    } else {
      parallelFor(rows, Math.max(1, ELEMENTWISE_GRAIN / Math.max(1, rowLength)), body);
    }
  }

  /** Whether the current thread is running the body of a {@code parallelFor}. */
  public static boolean inParallelRegion() {
    return IN_REGION.get()[0];
  }

  /** This thread's in-region flag, for the workers of {@link Team}. */
  static boolean[] regionFlag() {
    return IN_REGION.get();
  }

  /** Lets idle workers sleep now rather than spin: a multi-threaded BLAS call is about to start. */
  public static void rest() {
    Team t = team;
    if (t != null) t.rest();
  }

  static Team team() {
    Team t = team;
    if (t == null) {
      synchronized (Parallel.class) {
        t = team;
        if (t == null) {
          t = new Team(THREADS - 1);
          team = t;
        }
      }
    }
    return t;
  }

  /**
   * Runs {@code body} over {@code [0, n)} on up to {@link #threads()} threads: cut into contiguous
   * pieces of at least {@code grain} indices (up to four per thread). Each thread takes the pieces
   * of its own block first (the caller the first block, worker {@code w} block {@code w + 1}), then
   * those the others have not reached. Returns when all pieces are done; an exception in any piece
   * is rethrown here.
   */
  public static void parallelFor(int n, int grain, Range body) {
    if (n <= 0) {
      return;
    }
    int g = Math.max(1, grain);
    int chunks = (int) Math.min(THREADS, (n + (long) g - 1) / g);
    boolean[] region = IN_REGION.get();
    if (chunks <= 1 || region[0]) {
      runHere(region, body, 0, n);
      return;
    }
    Team t = team();
    if (!t.tryClaim()) {
      runHere(region, body, 0, n); // another thread's loop has the workers
      return;
    }
    try {
      split(t, region, n, g, chunks, body);
    } finally {
      t.release();
    }
  }

  /** The whole range on the calling thread, marked as a parallel region. */
  private static void runHere(boolean[] region, Range body, int start, int end) {
    boolean was = region[0];
    region[0] = true;
    try {
      body.run(start, end);
    } finally {
      region[0] = was;
    }
  }

  private static void split(Team t, boolean[] region, int n, int g, int chunks, Range body) {
    boolean grad = CarriedFlag.current()[0];
    // A whole number of pieces per thread, so that the blocks split [0, n) evenly: the caller's
    // block ends at n / chunks in every loop, whatever its grain.
    long perThread = Math.max(1, Math.min(TASKS_PER_THREAD, n / g / chunks));
    int tasks = (int) (chunks * perThread);
    LoopPieces pieces = new LoopPieces(n, tasks, chunks);
    Team.Join join = new Team.Join(chunks - 1);
    for (int w = 0; w < chunks - 1; w++) {
      // A worker still running a chunk its caller gave up on takes no share: the others do more.
      int own = w + 1;
      if (w >= t.size() || !t.offer(w, new Team.Share(() -> pieces.run(own, body), grad, join))) {
        join.done(null);
      }
    }
    Throwable first = null;
    region[0] = true;
    try {
      pieces.run(0, body);
    } catch (Error e) {
      // An Error here may be the notebook's interrupt (JShell stops a cell by throwing into its
      // thread): let it through unchanged, at once; the workers finish their chunks on their own.
      throw e;
    } catch (RuntimeException e) {
      first = e;
    } finally {
      region[0] = false;
    }
    join.await();
    if (first == null) {
      first = join.failure;
    }
    if (first instanceof RuntimeException) {
      throw (RuntimeException) first;
    }
    if (first instanceof Error) {
      throw (Error) first;
    }
    if (first != null) {
      throw new IllegalStateException("parallelFor: a chunk failed", first);
    }
  }
}
