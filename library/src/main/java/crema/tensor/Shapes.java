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

  /** The flat position of {@code index} in {@code shape} (negative indices count from the end). */
  static int offset(String op, int[] index, int[] shape) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException(
          op
              + ": "
              + index.length
              + " indices for a tensor of shape "
              + str(shape)
              + " (needs "
              + shape.length
              + ")");
    }
    int off = 0;
    for (int d = 0; d < shape.length; d++) {
      int i = index[d] < 0 ? index[d] + shape[d] : index[d];
      if (i < 0 || i >= shape[d]) {
        throw new IndexOutOfBoundsException(
            op
                + ": index "
                + index[d]
                + " is out of bounds for dimension "
                + d
                + " with size "
                + shape[d]
                + " (shape "
                + str(shape)
                + ")");
      }
      off = off * shape[d] + i;
    }
    return off;
  }

  /** The target of {@code reshape(s)} for a tensor of {@code shape}: one -1 is inferred. */
  static int[] reshaped(int[] s, int[] shape, int numel) {
    int[] r = s.clone();
    int infer = -1;
    int known = 1;
    for (int i = 0; i < r.length; i++) {
      if (r[i] == -1) {
        if (infer >= 0) {
          throw new IllegalArgumentException(
              "reshape: only one dimension can be -1, got " + str(s));
        }
        infer = i;
      } else if (r[i] < 0) {
        throw new IllegalArgumentException("reshape: invalid dimension in " + str(s));
      } else {
        known *= r[i];
      }
    }
    if (infer >= 0) {
      if (known == 0 || numel % known != 0) {
        throw new IllegalArgumentException(
            "reshape: shape " + str(s) + " is invalid for input of shape " + str(shape));
      }
      r[infer] = numel / known;
    }
    if (numel(r) != numel) {
      throw new IllegalArgumentException(
          "reshape: shape "
              + str(s)
              + " is invalid for input of shape "
              + str(shape)
              + " ("
              + numel
              + " elements)");
    }
    return r;
  }

  /** Fails unless tensor {@code i} of a list has the shape of the first one. */
  static void requireSame(String op, int[] first, int[] shape, int i) {
    if (!java.util.Arrays.equals(shape, first)) {
      throw new IllegalArgumentException(
          op
              + ": expects tensors of equal shape, got "
              + str(first)
              + " at 0 and "
              + str(shape)
              + " at "
              + i);
    }
  }

  /** The target of {@code expand(newShape)}: -1 keeps a size of {@code shape}. */
  static int[] expanded(int[] shape, int[] newShape) {
    int[] target = newShape.clone();
    int off = target.length - shape.length;
    for (int i = 0; i < target.length; i++) {
      if (target[i] == -1) {
        if (i < off) {
          throw new IllegalArgumentException(
              "expand: -1 is not allowed in a new leading dimension " + str(newShape));
        }
        target[i] = shape[i - off];
      }
    }
    if (!isBroadcastableTo(shape, target)) {
      throw new IllegalArgumentException(
          "expand: shape " + str(shape) + " cannot be expanded to " + str(newShape));
    }
    return target;
  }

  /**
   * {@code [s, e)} of {@code slice(dim, start, end)} along dimension {@code d} (the normalised
   * {@code dim}); negative bounds count from the end, an end past the size is clipped.
   */
  static int[] sliceRange(int[] shape, int d, int dim, int start, int end) {
    int n = shape[d];
    int s = start < 0 ? start + n : start;
    int e = end < 0 ? end + n : Math.min(end, n);
    if (s < 0 || s > n || e < s) {
      throw new IndexOutOfBoundsException(
          "slice: range ["
              + start
              + ", "
              + end
              + ") is invalid for dimension "
              + dim
              + " of size "
              + n
              + " (shape "
              + str(shape)
              + ")");
    }
    return new int[] {s, e};
  }
}
