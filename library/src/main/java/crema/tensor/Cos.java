package crema.tensor;

/** Cosine. Backward: {@code dL/dx = -g * sin(x)}. */
final class Cos extends UnaryOp {
  @Override
  protected void compute(float[] x, float[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) Math.cos(x[i]);
    }
  }

  @Override
  protected void gradient(float[] g, float[] x, float[] y, float[] dx) {
    for (int i = 0; i < g.length; i++) {
      dx[i] = (float) (-g[i] * Math.sin(x[i]));
    }
  }
}
