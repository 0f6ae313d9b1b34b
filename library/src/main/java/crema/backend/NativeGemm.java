package crema.backend;

/**
 * GEMM on the system's native BLAS: {@code dev.ludovic.netlib.blas} over JNI, which loads {@code
 * libblas.so.3} (OpenBLAS here), about 200-400 GFLOP/s on 2 cores. OpenBLAS threads large calls
 * itself ({@code OPENBLAS_NUM_THREADS}). Calls too small to pay for the JNI crossing run in {@link
 * JavaGemm}.
 *
 * <p>Row-major to BLAS's column-major: a row-major matrix is the column-major storage of its
 * transpose, so {@code C = A B} (row-major) is computed as {@code C^T = B^T A^T} (column-major):
 * the operands swap places and no data moves.
 */
public final class NativeGemm implements Gemm {
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

  /** The one instance, or null when no native BLAS loads on this machine. */
  static final NativeGemm INSTANCE = NATIVE_BLAS == null ? null : new NativeGemm();

  private NativeGemm() {}

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

  @Override
  public void gemm(GemmArgs g) {
    int m = g.m();
    int n = g.n();
    int k = g.k();
    if ((long) m * n * k < SMALL || k == 0) {
      JavaGemm.multiply(g);
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
      g.releaseCompacted(compacted);
      return;
    }
    if (nativeThreads((long) m * n * k)) {
      if (!Parallel.inParallelRegion()) {
        Parallel.rest(); // BLAS is about to start threads of its own: idle workers must not spin
      }
    } else if (GemmSplit.worthIt(g)) {
      GemmSplit.run(g, NativeGemm::nativeSgemm); // single-threaded BLAS: one piece per core
      return;
    }
    nativeSgemm(g);
  }

  /**
   * Whether OpenBLAS runs a product of {@code work} multiply-adds on several threads of its own:
   * OpenBLAS may use several threads, and the product reaches its threading threshold. Callers that
   * split work over the cores themselves (a batch of small GEMMs) do not split such products, so
   * that the two kinds of threads never multiply.
   */
  @Override
  public boolean threadsItself(long work) {
    return nativeThreads(work);
  }

  @Override
  public String describe() {
    return "native: " + NATIVE_BLAS.getClass().getName();
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
