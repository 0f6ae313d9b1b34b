package crema.tensor;

/**
 * The arguments of one GEMM call, {@code C[m x n] = alpha op(A)[m x k] op(B)[k x n] + beta C}
 * (row-major, see {@link Blas#sgemm}), checked once here so that every back end can trust them.
 *
 * <p>A matrix of {@code rows x cols} stored from {@code off} with leading dimension {@code ld}
 * occupies {@code off + r·ld + j} for {@code r < rows}, {@code j < cols}; its last element is at
 * {@code off + (rows-1)·ld + cols - 1}. So it is in bounds exactly when
 *
 * <pre>
 *   off >= 0,  ld >= cols,  off + (rows-1)·ld + cols <= length
 * </pre>
 *
 * The last row need not be followed by the padding of a whole {@code ld}. A transposed {@code A} is
 * stored {@code k x m}, a transposed {@code B} {@code n x k}.
 *
 * <pre>{@code
 * // the last 2 columns of a 3 x 4 array: rows 3, cols 2, off 2, ld 4; ends at 2 + 2*4 + 2 = 12
 * }</pre>
 */
record GemmArgs(
    boolean transA,
    boolean transB,
    int m,
    int n,
    int k,
    float alpha,
    float[] a,
    int aOff,
    int lda,
    float[] b,
    int bOff,
    int ldb,
    float beta,
    float[] c,
    int cOff,
    int ldc) {

  GemmArgs {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException("sgemm: negative size m=" + m + ", n=" + n + ", k=" + k);
    }
    checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
    checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
    checkMatrix("C", c, cOff, ldc, m, n);
  }

  private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
    if (rows == 0 || cols == 0) {
      return; // nothing is read or written
    }
    String what = name + " (" + rows + " x " + cols + " from offset " + off + ", ld " + ld + ")";
    if (x == null) {
      throw new IllegalArgumentException("sgemm: " + what + " is null");
    }
    if (off < 0 || ld < cols) {
      throw new IllegalArgumentException("sgemm: " + what + " needs offset >= 0 and ld >= " + cols);
    }
    long end = off + (long) (rows - 1) * ld + cols;
    if (end > x.length) {
      throw new IllegalArgumentException(
          "sgemm: " + what + " ends at " + end + ", past its array of " + x.length);
    }
  }

  /**
   * Whether netlib's JNI wrapper accepts these arguments: it checks every matrix as if its last row
   * were a whole {@code ld} long ({@code off + rows·ld <= length}), stricter than {@link GemmArgs}.
   */
  boolean fitsWholeRows() {
    return fullRows(a, aOff, lda, transA ? k : m)
        && fullRows(b, bOff, ldb, transB ? n : k)
        && fullRows(c, cOff, ldc, m);
  }

  private static boolean fullRows(float[] x, int off, int ld, int rows) {
    return off + (long) rows * Math.max(1, ld) <= x.length;
  }

  /** The same product restricted to rows {@code r0 .. r1-1} of {@code C} (and of {@code A}). */
  GemmArgs rows(int r0, int r1) {
    if (transA) {
      throw new IllegalStateException("rows of a transposed A are columns of its storage");
    }
    return new GemmArgs(
        false,
        transB,
        r1 - r0,
        n,
        k,
        alpha,
        a,
        aOff + r0 * lda,
        lda,
        b,
        bOff,
        ldb,
        beta,
        c,
        cOff + r0 * ldc,
        ldc);
  }
}
