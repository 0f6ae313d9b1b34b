package crema.tensor;

import crema.backend.ArrayPool;

/** Cosine. Backward: {@code dL/dx = -g * sin(x)}. */
final class Cos extends Function {
  private Tensor in;

  @Override
  protected Tensor forward(Tensor... inputs) {
    in = inputs[0];
    float[] x = in.data();
    float[] y = ArrayPool.take(x.length);
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) Math.cos(x[i]);
    }
    return Tensor.wrap(y, in.shapeRef());
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] g = gradOut.data();
    float[] x = in.data();
    float[] dx = ArrayPool.take(g.length);
    for (int i = 0; i < g.length; i++) {
      dx[i] = (float) (-g[i] * Math.sin(x[i]));
    }
    return new Tensor[] {Tensor.wrap(dx, in.shapeRef())};
  }
}
