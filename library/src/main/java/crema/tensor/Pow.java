package crema.tensor;

import crema.backend.ArrayPool;

/** Power {@code x^p} for a constant exponent. Backward: {@code dL/dx = g * p * x^(p-1)}. */
final class Pow extends Function {
  private final float p;
  private Tensor in;
  private Tensor out;

  Pow(float p) {
    this.p = p;
  }

  @Override
  protected Tensor forward(Tensor... inputs) {
    in = inputs[0];
    float[] x = in.data();
    float[] y = ArrayPool.take(x.length);
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) Math.pow(x[i], p);
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
      dx[i] = p == 0 ? 0f : (float) (g[i] * p * Math.pow(x[i], p - 1));
    }
    return new Tensor[] {Tensor.wrap(dx, in.shapeRef())};
  }
}
