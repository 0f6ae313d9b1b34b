package crema.tensor;

import crema.backend.ArrayPool;

/**
 * Clamp to {@code [min, max]}. Backward: {@code dL/dx = g} where {@code min <= x <= max}, else 0
 * (as PyTorch).
 */
final class Clamp extends Function {
  private final float min;
  private final float max;
  private Tensor in;
  private Tensor out;

  Clamp(float min, float max) {
    this.min = min;
    this.max = max;
  }

  @Override
  protected Tensor forward(Tensor... inputs) {
    in = inputs[0];
    float[] x = in.data();
    float[] y = ArrayPool.take(x.length);
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.min(Math.max(x[i], min), max);
    }
    out = Tensor.wrap(y, in.shapeRef());
    return out;
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] g = gradOut.data();
    float[] x = in.data();
    float[] y = out.data();
    float[] dx = ArrayPool.take(g.length);
    for (int i = 0; i < g.length; i++) {
      dx[i] = x[i] >= min && x[i] <= max ? g[i] : 0f;
    }
    return new Tensor[] {Tensor.wrap(dx, in.shapeRef())};
  }
}
