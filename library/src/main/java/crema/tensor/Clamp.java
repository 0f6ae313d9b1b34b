package crema.tensor;

/**
 * Clamp to {@code [min, max]}. Backward: {@code dL/dx = g} where {@code min <= x <= max}, else 0
 * (as PyTorch).
 */
final class Clamp extends UnaryOp {
  private final float min;
  private final float max;

  Clamp(float min, float max) {
    this.min = min;
    this.max = max;
  }

  @Override
  protected void compute(float[] x, float[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.min(Math.max(x[i], min), max);
    }
  }

  @Override
  protected void gradient(float[] g, float[] x, float[] y, float[] dx) {
    for (int i = 0; i < g.length; i++) {
      dx[i] = x[i] >= min && x[i] <= max ? g[i] : 0f;
    }
  }
}
