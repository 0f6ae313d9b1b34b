package crema.tensor;

import crema.backend.ArrayPool;

/** Square root. Backward: {@code dL/dx = g / (2 sqrt(x))}, reusing the saved output. */
final class Sqrt extends Function {

  private Tensor in;
  private Tensor out;

  @Override
  protected Tensor forward(Tensor... inputs) {
    in = inputs[0];
    float[] x = in.data();
    float[] y = ArrayPool.take(x.length);
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) Math.sqrt(x[i]);
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
      dx[i] = g[i] / (2 * y[i]);
    }
    return new Tensor[] {Tensor.wrap(dx, in.shapeRef())};
  }
}
