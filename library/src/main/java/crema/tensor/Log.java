package crema.tensor;

/** Natural logarithm {@code ln x}. Backward: {@code dL/dx = g / x}. */
final class Log extends UnaryOp {
  @Override
  protected void compute(float[] x, float[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) Math.log(x[i]);
    }
  }

  @Override
  protected void gradient(float[] g, float[] x, float[] y, float[] dx) {
    for (int i = 0; i < g.length; i++) {
      dx[i] = g[i] / x[i];
    }
  }
}
