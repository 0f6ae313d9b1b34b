package crema.tensor;

import crema.backend.ArrayPool;
import crema.backend.ExpKernels;

/** Hyperbolic tangent. Backward: {@code dL/dx = g * (1 - tanh(x)^2)}, reusing the saved output. */
final class Tanh extends Function {

  private Tensor in;
  private Tensor out;

  @Override
  protected Tensor forward(Tensor... inputs) {
    in = inputs[0];
    float[] x = in.data();
    float[] y = ArrayPool.take(x.length);
    ExpKernels.tanh(x, y);
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
      dx[i] = g[i] * (1 - y[i] * y[i]);
    }
    return new Tensor[] {Tensor.wrap(dx, in.shapeRef())};
  }
}
