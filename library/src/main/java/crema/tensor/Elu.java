package crema.tensor;

/**
 * Exponential linear unit {@code x if x > 0 else alpha (e^x - 1)}. Backward: {@code g} or {@code g
 * * (elu(x) + alpha)}.
 */
final class Elu extends UnaryOp {
  private final float alpha;

  Elu(float alpha) {
    this.alpha = alpha;
  }

  @Override
  protected void compute(float[] x, float[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] > 0 ? x[i] : (float) (alpha * Math.expm1(x[i]));
    }
  }

  @Override
  protected void gradient(float[] g, float[] x, float[] y, float[] dx) {
    for (int i = 0; i < g.length; i++) {
      dx[i] = x[i] > 0 ? g[i] : g[i] * (y[i] + alpha);
    }
  }
}
