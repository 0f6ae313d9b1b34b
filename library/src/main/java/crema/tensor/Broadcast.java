package crema.tensor;

/**
 * The iteration behind NumPy broadcasting. The output shape is walked row by row (a row is the last
 * dimension); for each row the offsets into both inputs are kept up to date incrementally, and a
 * row kernel does the arithmetic with a tight loop. The last-dimension stride of an input is 1 (it
 * varies along the row) or 0 (it is broadcast), so a kernel only ever needs three loops: both vary,
 * only a varies, only b varies. The same-shape and scalar cases become a single "row" of the whole
 * tensor, which is the common case and the fastest.
 */
final class Broadcast {
  private Broadcast() {}

  /** Does the arithmetic for one row: {@code len} outputs from {@code oo} on. */
  @FunctionalInterface
  interface Row {
    void run(int ao, int as, int bo, int bs, int oo, int len);
  }

  /** Walks {@code shape} row by row with input strides {@code sa}, {@code sb} (0 = broadcast). */
  static void forEachRow(int[] shape, int[] sa, int[] sb, Row row) {
    int rank = shape.length;
    int n = Shapes.numel(shape);
    if (n == 0) {
      return;
    }
    if (rank == 0) {
      row.run(0, 0, 0, 0, 0, 1);
      return;
    }
    int len = shape[rank - 1];
    int as = sa[rank - 1];
    int bs = sb[rank - 1];
    int rows = n / len;
    int[] idx = new int[rank - 1];
    int ao = 0;
    int bo = 0;
    for (int r = 0; r < rows; r++) {
      row.run(ao, as, bo, bs, r * len, len);
      // Odometer increment over the outer dimensions, updating the offsets.
      for (int d = rank - 2; d >= 0; d--) {
        idx[d]++;
        ao += sa[d];
        bo += sb[d];
        if (idx[d] < shape[d]) {
          break;
        }
        ao -= sa[d] * shape[d];
        bo -= sb[d] * shape[d];
        idx[d] = 0;
      }
    }
  }

  /**
   * Runs {@code row} over the broadcast of shapes {@code a} and {@code b} into {@code out} (the
   * result of {@link Shapes#broadcast}), with fast paths for equal shapes and for a one-element
   * operand: those become a single row over the whole tensor.
   */
  static void run(int[] a, int[] b, int[] out, Row row) {
    int n = Shapes.numel(out);
    if (n == 0) {
      return;
    }
    int na = Shapes.numel(a);
    int nb = Shapes.numel(b);
    if (na == n && nb == n && java.util.Arrays.equals(a, b)) {
      row.run(0, 1, 0, 1, 0, n);
    } else if (nb == 1 && na == n) {
      row.run(0, 1, 0, 0, 0, n);
    } else if (na == 1 && nb == n) {
      row.run(0, 0, 0, 1, 0, n);
    } else {
      forEachRow(out, Shapes.broadcastStrides(a, out), Shapes.broadcastStrides(b, out), row);
    }
  }
}
