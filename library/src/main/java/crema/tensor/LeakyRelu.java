package crema.tensor;

import crema.backend.Kernels;

/** Leaky ReLU {@code x if x > 0 else slope * x}. Backward: {@code g} or {@code slope * g}. */
final class LeakyRelu extends UnaryOp {
  private final float slope;

  LeakyRelu(float slope) {
    this.slope = slope;
  }

  @Override
  protected void compute(float[] x, float[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.max(x[i], 0f) + slope * Math.min(x[i], 0f); // branch-free
    }
  }

  @Override
  protected void gradient(float[] g, float[] x, float[] y, float[] dx) {
    for (int i = 0; i < g.length; i++) {
      dx[i] = Kernels.selectPositive(x[i], g[i], slope * g[i]);
    }
  }
}
