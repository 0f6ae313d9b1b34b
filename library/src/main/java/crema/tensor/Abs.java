package crema.tensor;

import crema.backend.ArrayPool;

/**
 * Absolute value. Backward: {@code dL/dx = g * sign(x)}, with {@code sign(0) = 0} as in PyTorch.
 */
final class Abs extends Function {

  private Tensor in;
  private Tensor out;

  @Override
  protected Tensor forward(Tensor... inputs) {
    in = inputs[0];
    float[] x = in.data();
    float[] y = ArrayPool.take(x.length);
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.abs(x[i]);
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
      dx[i] = g[i] * Math.signum(x[i]);
    }
    return new Tensor[] {Tensor.wrap(dx, in.shapeRef())};
  }
}
