package crema.tensor;

import crema.backend.ExpKernels;

/** Exponential {@code e^x}. Backward: {@code dL/dx = g * e^x}, reusing the saved output. */
final class Exp extends UnaryOp {
  @Override
  protected void compute(float[] x, float[] y) {
    ExpKernels.exp(x, y);
  }

  @Override
  protected void gradient(float[] g, float[] x, float[] y, float[] dx) {
    for (int i = 0; i < g.length; i++) {
      dx[i] = g[i] * y[i];
    }
  }
}
