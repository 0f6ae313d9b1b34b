package crema.backend;

/**
 * GEMM, the one routine behind {@code matmul}, linear layers and im2col convolutions: {@code C =
 * alpha A B + beta C}, each matrix a {@link MatrixView} into a row-major {@code float[]} (with an
 * offset, a leading dimension, and read transposed or not).
 *
 * <p>Two back ends give the same results (to float rounding):
 *
 * <ul>
 *   <li>{@link Backend#NATIVE}: {@code dev.ludovic.netlib.blas} over JNI, which loads the system's
 *       {@code libblas.so.3} (OpenBLAS here): about 200-400 GFLOP/s on 2 cores. OpenBLAS threads
 *       large calls itself ({@code OPENBLAS_NUM_THREADS}).
 *   <li>{@link Backend#JAVA}: {@link JavaGemm}, a cache-blocked, register-tiled pure-Java kernel,
 *       multithreaded through {@link Parallel}. Used when no native BLAS loads.
 * </ul>
 *
 * <p>The default is native when available; the system property {@code crema.blas=java} (or {@code
 * native}) forces one. {@link #setBackend} switches at run time (tests compare both).
 *
 * <p>Row-major to BLAS's column-major: a row-major matrix is the column-major storage of its
 * transpose, so {@code C = A B} (row-major) is computed as {@code C^T = B^T A^T} (column-major):
 * the operands swap places and no data moves.
 *
 * <pre>{@code
 * // C[2x2] = A[2x3] B[3x2]
 * Blas.sgemm(1f, MatrixView.of(a, 0, 2, 3), MatrixView.of(b, 0, 3, 2), 0f, MatrixView.of(c, 0, 2, 2));
 * }</pre>
 */
public final class Blas {
  /** Which implementation runs GEMM. */
  public enum Backend {
    NATIVE,
    JAVA
  }

  /** Below this many multiply-adds a call stays in Java: JNI costs about 0.3 us per call. */
  private static final long SMALL = 4096;

  /**
   * OpenBLAS runs a call of at least this many multiply-adds on several threads (its threshold).
   */
  private static final long BLAS_THREADED = 1L << 18;

  /**
   * Whether OpenBLAS may use several threads: its environment ({@code OPENBLAS_NUM_THREADS}, then
   * {@code GOTO_NUM_THREADS}, then {@code OMP_NUM_THREADS}) does not say 1, on more than one core.
   */
  private static final boolean NATIVE_MULTITHREADED =
      blasThreadsFromEnvironment() != 1 && Runtime.getRuntime().availableProcessors() > 1;

  /**
   * netlib's instance builder also tries its Java implementations and logs a WARNING on stderr when
   * {@code VectorBLAS} cannot load (it needs {@code --add-modules jdk.incubator.vector}), which a
   * notebook would show in red on the first matmul. We never use those implementations, so that
   * logger is quietened. The reference keeps the setting alive (JUL holds loggers weakly).
   */
  private static final java.util.logging.Logger NETLIB_LOG = quietNetlib();

  private static final dev.ludovic.netlib.blas.BLAS NATIVE_BLAS = loadNative();
  private static volatile Backend backend = initialBackend();

  private Blas() {}

  /**
   * The number of threads OpenBLAS was told to use by its environment ({@code
   * OPENBLAS_NUM_THREADS}, then {@code GOTO_NUM_THREADS}, then {@code OMP_NUM_THREADS}, read in
   * OpenBLAS's own order), or 0 when none is set (OpenBLAS then uses every core itself).
   */
  static int blasThreadsFromEnvironment() {
    for (String name :
        new String[] {"OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"}) {
      String v = System.getenv(name);
      if (v != null) {
        try {
          int t = Integer.parseInt(v.trim());
          if (t > 0) {
            return t;
          }
        } catch (NumberFormatException e) {
          // OpenBLAS ignores a value it cannot read, and so do we
        }
      }
    }
    return 0;
  }

  private static java.util.logging.Logger quietNetlib() {
    java.util.logging.Logger log =
        java.util.logging.Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");
    log.setLevel(java.util.logging.Level.SEVERE);
    return log;
  }

  private static dev.ludovic.netlib.blas.BLAS loadNative() {
    try {
      return dev.ludovic.netlib.blas.NativeBLAS.getInstance();
    } catch (Throwable t) { // no native library, or no JNI shim for this platform
      return null;
    }
  }

  private static Backend initialBackend() {
    String p = System.getProperty("crema.blas", "").trim().toLowerCase(java.util.Locale.ROOT);
    if (p.equals("java")) {
      return Backend.JAVA;
    }
    if (p.equals("native") && NATIVE_BLAS == null) {
      throw new IllegalStateException(
          "crema.blas=native but no native BLAS could be loaded (is libopenblas0 installed?)");
    }
    return NATIVE_BLAS != null ? Backend.NATIVE : Backend.JAVA;
  }

  /** The back end GEMM uses now. */
  public static Backend backend() {
    return backend;
  }

  /** Whether the native (OpenBLAS) back end loaded. */
  public static boolean nativeAvailable() {
    return NATIVE_BLAS != null;
  }

  /** Selects the back end; NATIVE fails with a clear error when it did not load. */
  public static void setBackend(Backend b) {
    if (b == Backend.NATIVE && NATIVE_BLAS == null) {
      throw new IllegalStateException("Blas: the native BLAS did not load, only JAVA is available");
    }
    backend = b;
  }

  /** A one-line description, e.g. {@code NATIVE (dev.ludovic.netlib.blas.JNIBLAS)}. */
  public static String describe() {
    return backend
        + (NATIVE_BLAS != null
            ? " (native: " + NATIVE_BLAS.getClass().getName() + ")"
            : " (no native BLAS)");
  }

  /**
   * {@code C[m x n] = alpha A[m x k] B[k x n] + beta C}, where {@code A} and {@code B} may be read
   * transposed ({@link MatrixView#t()}) and {@code C} is written untransposed. With {@code beta =
   * 0}, {@code C}'s old contents are ignored (NaN included). Sizes that do not fit together fail
   * with an {@link IllegalArgumentException} naming them.
   *
   * <p>The matrices may lie anywhere inside larger arrays (a head of attention, a block of rows); a
   * matrix reaching past its array fails with an {@link IllegalArgumentException} naming it ({@link
   * GemmArgs}).
   */
  public static void sgemm(float alpha, MatrixView a, MatrixView b, float beta, MatrixView c) {
    sgemm(backend, alpha, a, b, beta, c);
  }

  /** {@link #sgemm} on an explicit back end. */
  public static void sgemm(
      Backend which, float alpha, MatrixView a, MatrixView b, float beta, MatrixView c) {
    if (a.cols() != b.rows() || c.rows() != a.rows() || c.cols() != b.cols() || c.transposed()) {
      throw new IllegalArgumentException(
          "sgemm: C ["
              + c.size()
              + "] = A ["
              + a.size()
              + "] B ["
              + b.size()
              + "] needs A's columns = B's rows, C of A's rows x B's columns, C not transposed");
    }
    int m = a.rows();
    int n = b.cols();
    int k = a.cols();
    GemmArgs g =
        new GemmArgs(
            a.transposed(),
            b.transposed(),
            m,
            n,
            k,
            alpha,
            a.array(),
            a.offset(),
            a.ld(),
            b.array(),
            b.offset(),
            b.ld(),
            beta,
            c.array(),
            c.offset(),
            c.ld());
    if (m == 0 || n == 0) {
      return;
    }
    if (which == Backend.NATIVE && NATIVE_BLAS == null) {
      throw new IllegalStateException("Blas: the native BLAS did not load");
    }
    if (which == Backend.JAVA || (long) m * n * k < SMALL || k == 0) {
      JavaGemm.gemm(g);
      return;
    }
    if (!g.fitsWholeRows()) {
      // netlib refuses an in-bounds matrix whose last row is not followed by a whole ld (see
      // GemmArgs#fitsWholeRows): K of the last head of the last sample inside a [B, T, 3E] array,
      // say. The refused matrices are copied into arrays of their own size and the call stays
      // native: at attention's shapes (64x64x32 .. 256x256x64) the Java kernel was 13-20 times
      // slower than native on such a call, and the copies cost O(rows·cols) against the product's
      // O(m·n·k). (Cutting off the last row instead needs a different cut for each matrix.)
      GemmArgs compacted = g.compactedForNetlib();
      nativeSgemm(compacted);
      g.copyBackC(compacted);
      return;
    }
    if (nativeThreads((long) m * n * k) && !Parallel.inParallelRegion()) {
      Parallel.rest(); // BLAS is about to start threads of its own: idle workers must not spin
    }
    nativeSgemm(g);
  }

  /**
   * Whether OpenBLAS runs a product of {@code work} multiply-adds on several threads of its own:
   * the native back end is in use, OpenBLAS may use several threads, and the product reaches its
   * threading threshold. Callers that split work over the cores themselves (a batch of small GEMMs)
   * do not split such products, so that the two kinds of threads never multiply.
   */
  public static boolean threadsItself(long work) {
    return backend == Backend.NATIVE && nativeThreads(work);
  }

  private static boolean nativeThreads(long work) {
    return NATIVE_MULTITHREADED && work >= BLAS_THREADED;
  }

  /** One call into the native BLAS, row-major arguments as {@link #sgemm}. */
  private static void nativeSgemm(GemmArgs g) {
    // Column-major view: C^T (n x m) = op(B)^T (n x k) op(A)^T (k x m).
    NATIVE_BLAS.sgemm(
        g.transB() ? "T" : "N",
        g.transA() ? "T" : "N",
        g.n(),
        g.m(),
        g.k(),
        g.alpha(),
        g.b(),
        g.bOff(),
        Math.max(1, g.ldb()),
        g.a(),
        g.aOff(),
        Math.max(1, g.lda()),
        g.beta(),
        g.c(),
        g.cOff(),
        Math.max(1, g.ldc()));
  }
}
