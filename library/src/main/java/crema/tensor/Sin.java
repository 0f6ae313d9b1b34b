package crema.tensor;

/** Sine. Backward: {@code dL/dx = g * cos(x)}. */
final class Sin extends UnaryOp {
  @Override
  protected void compute(float[] x, float[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) Math.sin(x[i]);
    }
  }

  @Override
  protected void gradient(float[] g, float[] x, float[] y, float[] dx) {
    for (int i = 0; i < g.length; i++) {
      dx[i] = (float) (g[i] * Math.cos(x[i]));
    }
  }
}
