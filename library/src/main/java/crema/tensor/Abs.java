package crema.tensor;

/**
 * Absolute value. Backward: {@code dL/dx = g * sign(x)}, with {@code sign(0) = 0} as in PyTorch.
 */
final class Abs extends UnaryOp {
  @Override
  protected void compute(float[] x, float[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.abs(x[i]);
    }
  }

  @Override
  protected void gradient(float[] g, float[] x, float[] y, float[] dx) {
    for (int i = 0; i < g.length; i++) {
      dx[i] = g[i] * Math.signum(x[i]);
    }
  }
}
