package crema.tensor;

import crema.backend.LogKernels;

/** Natural logarithm {@code ln x}. Backward: {@code dL/dx = g / x}. */
final class Log extends UnaryOp {
  @Override
  protected void compute(float[] x, float[] y) {
    LogKernels.log(x, y);
  }

  @Override
  protected void gradient(float[] g, float[] x, float[] y, float[] dx) {
    for (int i = 0; i < g.length; i++) {
      dx[i] = g[i] / x[i];
    }
  }
}
