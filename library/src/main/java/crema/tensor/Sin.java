package crema.tensor;

import crema.backend.ArrayPool;

/** Sine. Backward: {@code dL/dx = g * cos(x)}. */
final class Sin extends Function {
  private Tensor in;

  @Override
  protected Tensor forward(Tensor... inputs) {
    in = inputs[0];
    float[] x = in.data();
    float[] y = ArrayPool.take(x.length);
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) Math.sin(x[i]);
    }
    return Tensor.wrap(y, in.shapeRef());
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] g = gradOut.data();
    float[] x = in.data();
    float[] dx = ArrayPool.take(g.length);
    for (int i = 0; i < g.length; i++) {
      dx[i] = (float) (g[i] * Math.cos(x[i]));
    }
    return new Tensor[] {Tensor.wrap(dx, in.shapeRef())};
  }
}
