package crema.tensor;

/** Power {@code x^p} for a constant exponent. Backward: {@code dL/dx = g * p * x^(p-1)}. */
final class Pow extends UnaryOp {
  private final float p;

  Pow(float p) {
    this.p = p;
  }

  @Override
  protected void compute(float[] x, float[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) Math.pow(x[i], p);
    }
  }

  @Override
  protected void gradient(float[] g, float[] x, float[] y, float[] dx) {
    for (int i = 0; i < g.length; i++) {
      dx[i] = p == 0 ? 0f : (float) (g[i] * p * Math.pow(x[i], p - 1));
    }
  }
}
