package crema.tensor;

import crema.backend.ExpKernels;

/** Hyperbolic tangent. Backward: {@code dL/dx = g * (1 - tanh(x)^2)}, reusing the saved output. */
final class Tanh extends UnaryOp {
  @Override
  protected void compute(float[] x, float[] y) {
    ExpKernels.tanh(x, y);
  }

  @Override
  protected void gradient(float[] g, float[] x, float[] y, float[] dx) {
    for (int i = 0; i < g.length; i++) {
      dx[i] = g[i] * (1 - y[i] * y[i]);
    }
  }
}
