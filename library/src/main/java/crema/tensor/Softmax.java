package crema.tensor;

import crema.backend.ArrayPool;
import crema.backend.ExpKernels;

/**
 * Softmax {@code y_i = e^(x_i - m) / sum_j e^(x_j - m)} along one dimension, and its logarithm
 * {@code log y_i = x_i - m - log sum_j e^(x_j - m)}, where {@code m = max_j x_j} keeps {@code e^x}
 * from overflowing (it cancels out).
 *
 * <p>Backward, with {@code g = dL/dy}: softmax gives {@code dL/dx = y * (g - sum_j g_j y_j)};
 * log-softmax gives {@code dL/dx = g - e^(log y) * sum_j g_j}.
 *
 * <p>The tensor is viewed as {@code [outer, n, inner]} with {@code n} the softmax dimension.
 */
final class Softmax extends Function {
  private final int dim;
  private final boolean log;
  private Tensor out;

  Softmax(int dim, boolean log) {
    this.dim = dim;
    this.log = log;
  }

  @Override
  public String name() {
    return log ? "LogSoftmax" : "Softmax";
  }

  @Override
  protected Tensor forward(Tensor... in) {
    int[] shape = in[0].shapeRef();
    float[] x = in[0].data();
    float[] y = ArrayPool.take(x.length);
    int outer = Shapes.prod(shape, 0, dim);
    int n = shape[dim];
    int inner = Shapes.prod(shape, dim + 1, shape.length);
    if (inner == 1) {
      lastDim(x, y, outer, n, log);
      out = Tensor.wrap(y, shape);
      return out;
    }
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * n * inner + i;
        float m = Float.NEGATIVE_INFINITY;
        for (int r = 0; r < n; r++) {
          m = Math.max(m, x[base + r * inner]);
        }
        double s = 0;
        for (int r = 0; r < n; r++) {
          double e = Math.exp(x[base + r * inner] - m);
          s += e;
          if (!log) {
            y[base + r * inner] = (float) e;
          }
        }
        if (log) {
          float lse = (float) (m + Math.log(s));
          for (int r = 0; r < n; r++) {
            y[base + r * inner] = x[base + r * inner] - lse;
          }
        } else {
          float inv = (float) (1.0 / s);
          for (int r = 0; r < n; r++) {
            y[base + r * inner] *= inv;
          }
        }
      }
    }
    out = Tensor.wrap(y, shape);
    return out;
  }

  /**
   * Softmax (or log-softmax) over the last dimension, the usual case: rows of length {@code n},
   * with the fast {@link ExpKernels#exp} on each contiguous row.
   */
  private static void lastDim(float[] x, float[] y, int rows, int n, boolean log) {
    for (int o = 0; o < rows; o++) {
      int base = o * n;
      float m = Float.NEGATIVE_INFINITY;
      for (int r = 0; r < n; r++) {
        m = Math.max(m, x[base + r]);
      }
      ExpKernels.exp(x, base, m, y, base, n);
      double s = 0;
      for (int r = 0; r < n; r++) {
        s += y[base + r];
      }
      if (log) {
        float lse = (float) (m + Math.log(s));
        for (int r = 0; r < n; r++) {
          y[base + r] = x[base + r] - lse;
        }
      } else {
        float inv = (float) (1.0 / s);
        for (int r = 0; r < n; r++) {
          y[base + r] *= inv;
        }
      }
    }
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    int[] shape = out.shapeRef();
    float[] g = gradOut.data();
    float[] y = out.data();
    float[] dx = ArrayPool.take(y.length);
    int outer = Shapes.prod(shape, 0, dim);
    int n = shape[dim];
    int inner = Shapes.prod(shape, dim + 1, shape.length);
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * n * inner + i;
        double s = 0;
        for (int r = 0; r < n; r++) {
          int k = base + r * inner;
          s += log ? g[k] : g[k] * y[k];
        }
        for (int r = 0; r < n; r++) {
          int k = base + r * inner;
          dx[k] = log ? (float) (g[k] - Math.exp(y[k]) * s) : (float) (y[k] * (g[k] - s));
        }
      }
    }
    return new Tensor[] {Tensor.wrap(dx, shape)};
  }
}
