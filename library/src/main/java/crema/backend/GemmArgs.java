package crema.backend;

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
public record GemmArgs(
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

  public GemmArgs {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException("sgemm: negative size m=" + m + ", n=" + n + ", k=" + k);
    }
    checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
    checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
    checkMatrix("C", c, cOff, ldc, m, n);
  }

  private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
    // kept tiny so that the JIT inlines it; the message is built only on failure
    if (rows != 0
        && cols != 0
        && (x == null || off < 0 || ld < cols || off + (long) (rows - 1) * ld + cols > x.length)) {
      throw outOfBounds(name, x, off, ld, rows, cols);
    }
  }

  private static IllegalArgumentException outOfBounds(
      String name, float[] x, int off, int ld, int rows, int cols) {
    String what = name + " (" + rows + " x " + cols + " from offset " + off + ", ld " + ld + ")";
    if (x == null) {
      return new IllegalArgumentException("sgemm: " + what + " is null");
    }
    if (off < 0 || ld < cols) {
      return new IllegalArgumentException(
          "sgemm: " + what + " needs offset >= 0 and ld >= " + cols);
    }
    long end = off + (long) (rows - 1) * ld + cols;
    return new IllegalArgumentException(
        "sgemm: " + what + " ends at " + end + ", past its array of " + x.length);
  }

  /**
   * Whether netlib's JNI wrapper accepts these arguments: it checks every matrix as if its last row
   * were a whole {@code ld} long ({@code off + rows·ld <= length}), stricter than {@link GemmArgs}.
   */
  boolean fitsWholeRows() {
    return fitsWholeRows(a, aOff, lda, transA ? k : m)
        && fitsWholeRows(b, bOff, ldb, transB ? n : k)
        && fitsWholeRows(c, cOff, ldc, m);
  }

  private static boolean fitsWholeRows(float[] x, int off, int ld, int rows) {
    return off + (long) rows * Math.max(1, ld) <= x.length;
  }

  /**
   * The same product with every matrix that netlib would refuse ({@link #fitsWholeRows}) copied
   * into an array of its own size ({@code ld = cols}, which netlib accepts). Copy {@code C} back
   * with {@link #copyBackC}.
   */
  GemmArgs compactedForNetlib() {
    int aRows = transA ? k : m;
    int aCols = transA ? m : k;
    int bRows = transB ? n : k;
    int bCols = transB ? k : n;
    boolean packA = !fitsWholeRows(a, aOff, lda, aRows);
    boolean packB = !fitsWholeRows(b, bOff, ldb, bRows);
    boolean packC = !fitsWholeRows(c, cOff, ldc, m);
    return new GemmArgs(
        transA,
        transB,
        m,
        n,
        k,
        alpha,
        packA ? compact(a, aOff, lda, aRows, aCols) : a,
        packA ? 0 : aOff,
        packA ? aCols : lda,
        packB ? compact(b, bOff, ldb, bRows, bCols) : b,
        packB ? 0 : bOff,
        packB ? bCols : ldb,
        beta,
        packC ? compact(c, cOff, ldc, m, n) : c,
        packC ? 0 : cOff,
        packC ? n : ldc);
  }

  /**
   * Copies {@code C} of {@code compacted} (from {@link #compactedForNetlib}) into this {@code C}.
   */
  void copyBackC(GemmArgs compacted) {
    if (compacted.c != c) {
      for (int i = 0; i < m; i++) {
        System.arraycopy(compacted.c, i * n, c, cOff + i * ldc, n);
      }
    }
  }

  /**
   * Gives the copies that {@code compacted} (from {@link #compactedForNetlib}) made back to the
   * pool, once its product has run and its C has been copied back.
   */
  void releaseCompacted(GemmArgs compacted) {
    if (compacted.a != a) ArrayPool.give(compacted.a);
    if (compacted.b != b) ArrayPool.give(compacted.b);
    if (compacted.c != c) ArrayPool.give(compacted.c);
  }

  private static float[] compact(float[] x, int off, int ld, int rows, int cols) {
    float[] y = ArrayPool.takeUninitialised(rows * cols); // every element copied below
    for (int r = 0; r < rows; r++) {
      System.arraycopy(x, off + r * ld, y, r * cols, cols);
    }
    return y;
  }
}
