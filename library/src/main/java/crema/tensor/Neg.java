package crema.tensor;

/** Negation {@code -x}. Backward: {@code dL/dx = -g}. */
final class Neg extends UnaryOp {
  @Override
  protected void compute(float[] x, float[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] = -x[i];
    }
  }

  @Override
  protected void gradient(float[] g, float[] x, float[] y, float[] dx) {
    for (int i = 0; i < g.length; i++) {
      dx[i] = -g[i];
    }
  }
}
