package crema.tensor;

import java.util.Arrays;

/**
 * Shape arithmetic shared by the ops: element counts, row-major strides, NumPy broadcasting and
 * dimension normalisation. Pure functions on {@code int[]}; no tensor is touched here.
 */
final class Shapes {
  private Shapes() {}

  /** Number of elements of a shape (1 for the scalar shape {@code []}). */
  static int numel(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + str(shape));
      }
      n *= d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shape " + str(shape) + " has too many elements: " + n);
    }
    return (int) n;
  }

  /** Row-major (C order) strides of a shape, in elements. */
  static int[] strides(int[] shape) {
    int[] s = new int[shape.length];
    int acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= shape[i];
    }
    return s;
  }

  /** The shape printed as PyTorch prints {@code list(t.shape)}: {@code [2, 3]}. */
  static String str(int[] shape) {
    return Arrays.toString(shape);
  }

  /**
   * A dimension index in {@code [0, rank)}; negative values count from the end, as in PyTorch. The
   * op name goes into the error message.
   */
  static int dim(String op, int d, int rank) {
    int r = d < 0 ? d + rank : d;
    if (r < 0 || r >= rank) {
      throw new IllegalArgumentException(
          op
              + ": dimension "
              + d
              + " out of range for a tensor of rank "
              + rank
              + " (expected "
              + -Math.max(rank, 1)
              + " to "
              + (Math.max(rank, 1) - 1)
              + ")");
    }
    return r;
  }

  /**
   * The broadcast shape of {@code a} and {@code b} under NumPy rules: align the shapes on the
   * right; each pair of sizes must be equal or one of them 1.
   */
  static int[] broadcast(String op, int[] a, int[] b) {
    int n = Math.max(a.length, b.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int da = i < n - a.length ? 1 : a[i - (n - a.length)];
      int db = i < n - b.length ? 1 : b[i - (n - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            op
                + ": shapes "
                + str(a)
                + " and "
                + str(b)
                + " cannot be broadcast (dimension "
                + i
                + ": "
                + da
                + " vs "
                + db
                + ")");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /**
   * Strides of {@code shape} read as if it had the (broadcast) shape {@code target}: dimensions of
   * size 1 that are stretched, and leading dimensions that are missing, get stride 0.
   */
  static int[] broadcastStrides(int[] shape, int[] target) {
    int[] own = strides(shape);
    int[] s = new int[target.length];
    int off = target.length - shape.length;
    for (int i = 0; i < target.length; i++) {
      int j = i - off;
      s[i] = (j < 0 || (shape[j] == 1 && target[i] != 1)) ? 0 : own[j];
    }
    return s;
  }

  static boolean isBroadcastableTo(int[] shape, int[] target) {
    if (shape.length > target.length) {
      return false;
    }
    int off = target.length - shape.length;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] != 1 && shape[i] != target[i + off]) {
        return false;
      }
    }
    return true;
  }

  /** Product of {@code shape[from..to)}. */
  static int prod(int[] shape, int from, int to) {
    int p = 1;
    for (int i = from; i < to; i++) {
      p *= shape[i];
    }
    return p;
  }
}
