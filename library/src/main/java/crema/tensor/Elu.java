package crema.tensor;

import crema.backend.ArrayPool;

/**
 * Exponential linear unit {@code x if x > 0 else alpha (e^x - 1)}. Backward: {@code g} or {@code g
 * * (elu(x) + alpha)}.
 */
final class Elu extends Function {
  private final float alpha;
  private Tensor in;
  private Tensor out;

  Elu(float alpha) {
    this.alpha = alpha;
  }

  @Override
  protected Tensor forward(Tensor... inputs) {
    in = inputs[0];
    float[] x = in.data();
    float[] y = ArrayPool.take(x.length);
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] > 0 ? x[i] : (float) (alpha * Math.expm1(x[i]));
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
      dx[i] = x[i] > 0 ? g[i] : g[i] * (y[i] + alpha);
    }
    return new Tensor[] {Tensor.wrap(dx, in.shapeRef())};
  }
}
