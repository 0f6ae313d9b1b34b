package crema.tensor;

import crema.backend.Parallel;

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

  /**
   * Walks {@code shape} row by row with input strides {@code sa}, {@code sb} (0 = broadcast), in
   * order, on the calling thread: {@code row} may accumulate (a reduction writes where an input is
   * broadcast).
   */
  static void forEachRow(int[] shape, int[] sa, int[] sb, Row row) {
    forEachRow(shape, sa, sb, row, false);
  }

  /**
   * As above; with {@code split}, rows go to the cores in blocks ({@link Parallel}), for a {@code
   * row} that only writes its own output row.
   */
  private static void forEachRow(int[] shape, int[] sa, int[] sb, Row row, boolean split) {
    int n = Shapes.numel(shape);
    if (n == 0) {
      return;
    }
    // Merge neighbouring dimensions that both inputs walk alike, so that rows get long and few:
    // [N, C, H, W] + [1, C, 1, 1] becomes [N, C, H*W] with b constant along each row of H*W.
    int[] dims = shape.clone();
    int[] as = sa.clone();
    int[] bs = sb.clone();
    int rank = coalesce(dims, as, bs);
    if (rank == 0) {
      row.run(0, 0, 0, 0, 0, 1);
      return;
    }
    int len = dims[rank - 1];
    int rows = n / len;
    if (!split) {
      walk(dims, as, bs, rank, 0, rows, row);
      return;
    }
    Parallel.forRows(rows, len, (r0, r1) -> walk(dims, as, bs, rank, r0, r1, row));
  }

  /** Rows {@code [r0, r1)} of the coalesced walk. */
  private static void walk(int[] dims, int[] as, int[] bs, int rank, int r0, int r1, Row row) {
    int len = dims[rank - 1];
    int[] idx = new int[rank - 1];
    int ao = 0;
    int bo = 0;
    // The odometer's position at row r0: its digits, last dimension but one fastest.
    for (int d = rank - 2, rest = r0; d >= 0; d--) {
      idx[d] = rest % dims[d];
      rest /= dims[d];
      ao += idx[d] * as[d];
      bo += idx[d] * bs[d];
    }
    for (int r = r0; r < r1; r++) {
      row.run(ao, as[rank - 1], bo, bs[rank - 1], r * len, len);
      // Odometer increment over the outer dimensions, updating the offsets.
      for (int d = rank - 2; d >= 0; d--) {
        idx[d]++;
        ao += as[d];
        bo += bs[d];
        if (idx[d] < dims[d]) {
          break;
        }
        ao -= as[d] * dims[d];
        bo -= bs[d] * dims[d];
        idx[d] = 0;
      }
    }
  }

  /**
   * Drops size-1 dimensions and merges dimension {@code d} into {@code d + 1} wherever, for both
   * inputs, stepping once along {@code d} is the same as stepping across the whole of {@code d + 1}
   * ({@code s[d] == s[d + 1] * shape[d + 1]}: contiguous, or broadcast in both). Works in place on
   * the three arrays and returns the new rank; the walk over the result visits the same offsets in
   * the same order.
   */
  static int coalesce(int[] shape, int[] sa, int[] sb) {
    int rank = 0;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] == 1) {
        continue; // one step only: its strides never matter
      }
      if (rank > 0) {
        int p = rank - 1;
        if (sa[p] == sa[d] * shape[d] && sb[p] == sb[d] * shape[d]) {
          shape[p] *= shape[d];
          sa[p] = sa[d];
          sb[p] = sb[d];
          continue;
        }
      }
      shape[rank] = shape[d];
      sa[rank] = sa[d];
      sb[rank] = sb[d];
      rank++;
    }
    return rank;
  }

  /**
   * Runs {@code row} over the broadcast of shapes {@code a} and {@code b} into {@code out} (the
   * result of {@link Shapes#broadcast}), with fast paths for equal shapes and for a one-element
   * operand: those become a single row over the whole tensor. {@code row} must write only its own
   * output elements: long tensors are split over the cores, by ranges of elements or of rows.
   */
  static void run(int[] a, int[] b, int[] out, Row row) {
    int n = Shapes.numel(out);
    if (n == 0) {
      return;
    }
    int na = Shapes.numel(a);
    int nb = Shapes.numel(b);
    if (na == n && nb == n && java.util.Arrays.equals(a, b)) {
      Parallel.forElements(n, (s, e) -> row.run(s, 1, s, 1, s, e - s));
    } else if (nb == 1 && na == n) {
      Parallel.forElements(n, (s, e) -> row.run(s, 1, 0, 0, s, e - s));
    } else if (na == 1 && nb == n) {
      Parallel.forElements(n, (s, e) -> row.run(0, 0, s, 1, s, e - s));
    } else {
      forEachRow(out, Shapes.broadcastStrides(a, out), Shapes.broadcastStrides(b, out), row, true);
    }
  }
}
