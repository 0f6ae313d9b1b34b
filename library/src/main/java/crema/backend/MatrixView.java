package crema.backend;

/**
 * A matrix inside a {@code float[]}: where it starts, its size, how far apart its rows lie, and
 * whether it is read transposed. The operand type of {@link Blas#sgemm}: a GEMM call then names
 * three matrices instead of sixteen loose numbers.
 *
 * <p>{@code rows x cols} is the matrix as the product sees it. Untransposed, element {@code (i, j)}
 * is {@code array[offset + i * ld + j]} (row-major, rows {@code ld} apart, {@code ld >= cols}).
 * Transposed, the array holds its {@code cols x rows} transpose, and element {@code (i, j)} is
 * {@code array[offset + j * ld + i]}.
 *
 * <pre>{@code
 * // y[n, out] = x[n, in] W^T, with W stored [out, in] as in a linear layer
 * Blas.sgemm(1f, MatrixView.of(x, 0, n, in), MatrixView.of(w, 0, out, in).t(), 0f,
 *     MatrixView.of(y, 0, n, out));
 * }</pre>
 *
 * <p>Bounds are checked when the product runs, with a message naming the matrix ({@link
 * Blas#sgemm}).
 *
 * @param array the storage
 * @param offset index of element {@code (0, 0)}
 * @param rows rows of the matrix as the product reads it
 * @param cols columns of the matrix as the product reads it
 * @param ld the leading dimension: distance between the starts of two stored rows
 * @param transposed whether the storage holds the transpose
 */
public record MatrixView(
    float[] array, int offset, int rows, int cols, int ld, boolean transposed) {

  /** The {@code rows x cols} matrix stored row-major from {@code offset}, rows {@code ld} apart. */
  public static MatrixView of(float[] array, int offset, int rows, int cols, int ld) {
    return new MatrixView(array, offset, rows, cols, ld, false);
  }

  /**
   * The {@code rows x cols} matrix stored densely (rows {@code cols} apart) from {@code offset}.
   */
  public static MatrixView of(float[] array, int offset, int rows, int cols) {
    return new MatrixView(array, offset, rows, cols, cols, false);
  }

  /** The transpose of this matrix, reading the same storage: no data moves. */
  public MatrixView t() {
    return new MatrixView(array, offset, cols, rows, ld, !transposed);
  }

  /** The size as the product sees it, e.g. {@code 3 x 4 (stored transposed)}. */
  public String size() {
    return rows + " x " + cols + (transposed ? " (stored transposed)" : "");
  }
}
