package crema.tensor;

import crema.backend.ArrayPool;

/**
 * Reduction kernels on raw arrays (no graph): sums along one dimension, viewed as {@code [outer, n,
 * inner]}. Used by the reduction ops and by {@link Function#reduceToShape}.
 */
final class Reduce {
  private Reduce() {}

  /** Sum of {@code x} (shape {@code shape}) along {@code dim}, into a keepdim-shaped array. */
  static float[] sumDim(float[] x, int[] shape, int dim) {
    int outer = Shapes.prod(shape, 0, dim);
    int n = shape[dim];
    int inner = Shapes.prod(shape, dim + 1, shape.length);
    float[] out = ArrayPool.take(outer * inner);
    if (inner == 1) {
      // Reducing the last dimension: a dot-like loop; accumulate in double for accuracy.
      for (int o = 0; o < outer; o++) {
        double s = 0;
        int base = o * n;
        for (int r = 0; r < n; r++) {
          s += x[base + r];
        }
        out[o] = (float) s;
      }
      return out;
    }
    // Otherwise add whole rows of length inner into a row of sums. Rows are copied out first so
    // that every array in the inner loop has the same index (sum[i] += row[i]): C2 vectorises
    // only that form.
    float[] row = new float[inner];
    float[] sum = new float[inner];
    double[] acc = n > 64 ? new double[inner] : null; // long sums: keep double partials per column
    for (int o = 0; o < outer; o++) {
      int ob = o * inner;
      if (acc != null) {
        java.util.Arrays.fill(acc, 0);
      } else {
        java.util.Arrays.fill(sum, 0);
      }
      for (int r = 0; r < n; r++) {
        System.arraycopy(x, (o * n + r) * inner, row, 0, inner);
        if (acc != null) {
          for (int i = 0; i < inner; i++) {
            acc[i] += row[i];
          }
        } else {
          for (int i = 0; i < inner; i++) {
            sum[i] += row[i];
          }
        }
      }
      if (acc != null) {
        for (int i = 0; i < inner; i++) {
          sum[i] = (float) acc[i];
        }
      }
      System.arraycopy(sum, 0, out, ob, inner);
    }
    return out;
  }

  /** Sum over several dimensions (distinct, normalised), keepdim shape. */
  static Tensor sumDims(Tensor t, int[] dims) {
    int[] shape = t.shape();
    float[] data = t.data();
    if (dims.length == shape.length && dims.length > 1) {
      // Everything: one pass, four double accumulators (accuracy, and independent add chains).
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      int n = data.length;
      int i = 0;
      for (; i + 3 < n; i += 4) {
        s0 += data[i];
        s1 += data[i + 1];
        s2 += data[i + 2];
        s3 += data[i + 3];
      }
      for (; i < n; i++) {
        s0 += data[i];
      }
      java.util.Arrays.fill(shape, 1);
      return Tensor.wrap(new float[] {(float) ((s0 + s1) + (s2 + s3))}, shape);
    }
    for (int d : dims) {
      data = sumDim(data, shape, d);
      shape[d] = 1;
    }
    return Tensor.wrap(data == t.data() ? data.clone() : data, shape);
  }

  /** The keepdim shape of {@code shape} reduced over {@code dims}. */
  static int[] keepShape(int[] shape, boolean[] reduced) {
    int[] s = shape.clone();
    for (int i = 0; i < s.length; i++) {
      if (reduced[i]) {
        s[i] = 1;
      }
    }
    return s;
  }

  /** The shape without the reduced dimensions. */
  static int[] dropShape(int[] shape, boolean[] reduced) {
    int c = 0;
    for (boolean r : reduced) {
      if (!r) {
        c++;
      }
    }
    int[] s = new int[c];
    int j = 0;
    for (int i = 0; i < shape.length; i++) {
      if (!reduced[i]) {
        s[j++] = shape[i];
      }
    }
    return s;
  }

  /** Copies {@code src} (shape {@code from}) broadcast to shape {@code to}: expand as a copy. */
  static float[] expand(float[] src, int[] from, int[] to) {
    int n = Shapes.numel(to);
    float[] out = ArrayPool.take(n);
    if (src.length == 1) {
      java.util.Arrays.fill(out, src[0]);
      return out;
    }
    if (src.length == n) {
      System.arraycopy(src, 0, out, 0, n);
      return out;
    }
    int[] st = Shapes.broadcastStrides(from, to);
    Broadcast.forEachRow(
        to,
        st,
        st,
        (ao, as, bo, bs, oo, len) -> {
          if (as == 0) {
            java.util.Arrays.fill(out, oo, oo + len, src[ao]);
          } else {
            System.arraycopy(src, ao, out, oo, len);
          }
        });
    return out;
  }
}
