package crema.backend;

/**
 * GEMM, the one routine behind {@code matmul}, linear layers and im2col convolutions: {@code C =
 * alpha A B + beta C}, each matrix a {@link MatrixView} into a row-major {@code float[]} (with an
 * offset, a leading dimension, and read transposed or not).
 *
 * <p>Two implementations of {@link Gemm} give the same results (to float rounding):
 *
 * <ul>
 *   <li>{@link Backend#NATIVE}: {@link NativeGemm}, the system's OpenBLAS over JNI.
 *   <li>{@link Backend#JAVA}: {@link JavaGemm}, a cache-blocked, register-tiled pure-Java kernel,
 *       multithreaded through {@link Parallel}. Used when no native BLAS loads.
 * </ul>
 *
 * <p>The default is native when available; the system property {@code crema.blas=java} (or {@code
 * native}) forces one. {@link #setBackend} switches at run time (tests compare both). A third
 * implementation is a third constant here, mapped to its {@link Gemm} in {@code impl} ({@code
 * docs/backend.md}).
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

  private static volatile Backend backend = initialBackend();

  private Blas() {}

  private static Backend initialBackend() {
    String p = System.getProperty("crema.blas", "").trim().toLowerCase(java.util.Locale.ROOT);
    if (p.equals("java")) {
      return Backend.JAVA;
    }
    if (p.equals("native") && NativeGemm.INSTANCE == null) {
      throw new IllegalStateException(
          "crema.blas=native but no native BLAS could be loaded (is libopenblas0 installed?)");
    }
    return NativeGemm.INSTANCE != null ? Backend.NATIVE : Backend.JAVA;
  }

  /** The back end GEMM uses now. */
  public static Backend backend() {
    return backend;
  }

  /** Whether the native (OpenBLAS) back end loaded. */
  public static boolean nativeAvailable() {
    return NativeGemm.INSTANCE != null;
  }

  /** Selects the back end; NATIVE fails with a clear error when it did not load. */
  public static void setBackend(Backend b) {
    if (b == Backend.NATIVE && NativeGemm.INSTANCE == null) {
      throw new IllegalStateException("Blas: the native BLAS did not load, only JAVA is available");
    }
    backend = b;
  }

  /** A one-line description, e.g. {@code NATIVE (native: dev.ludovic.netlib.blas.JNIBLAS)}. */
  public static String describe() {
    return backend
        + (NativeGemm.INSTANCE != null
            ? " (" + NativeGemm.INSTANCE.describe() + ")"
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
    impl(which).gemm(g);
  }

  /**
   * Whether the back end in use runs a product of {@code work} multiply-adds on several threads of
   * its own ({@link Gemm#threadsItself}). Callers that split work over the cores themselves (a
   * batch of small GEMMs) do not split such products, so that the two kinds of threads never
   * multiply.
   */
  public static boolean threadsItself(long work) {
    return impl(backend).threadsItself(work);
  }

  private static Gemm impl(Backend which) {
    return switch (which) {
      case NATIVE -> {
        if (NativeGemm.INSTANCE == null) {
          throw new IllegalStateException("Blas: the native BLAS did not load");
        }
        yield NativeGemm.INSTANCE;
      }
      case JAVA -> JavaGemm.INSTANCE;
    };
  }
}
