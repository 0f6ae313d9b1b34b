package crema.tensor;

import crema.backend.ExpKernels;

/**
 * Logistic sigmoid {@code 1 / (1 + e^-x)}. Backward: {@code dL/dx = g * s * (1 - s)} with the saved
 * output {@code s}.
 */
final class Sigmoid extends UnaryOp {
  @Override
  protected void compute(float[] x, float[] y) {
    ExpKernels.sigmoid(x, y);
  }

  @Override
  protected void gradient(float[] g, float[] x, float[] y, float[] dx) {
    for (int i = 0; i < g.length; i++) {
      dx[i] = g[i] * y[i] * (1 - y[i]);
    }
  }
}
