package crema.tensor;

/** Square root. Backward: {@code dL/dx = g / (2 sqrt(x))}, reusing the saved output. */
final class Sqrt extends UnaryOp {
  @Override
  protected void compute(float[] x, float[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) Math.sqrt(x[i]);
    }
  }

  @Override
  protected void gradient(float[] g, float[] x, float[] y, float[] dx) {
    for (int i = 0; i < g.length; i++) {
      dx[i] = g[i] / (2 * y[i]);
    }
  }
}
