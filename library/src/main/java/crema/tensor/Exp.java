package crema.tensor;

import crema.backend.ArrayPool;
import crema.backend.ExpKernels;

/** Exponential {@code e^x}. Backward: {@code dL/dx = g * e^x}, reusing the saved output. */
final class Exp extends Function {

  private Tensor in;
  private Tensor out;

  @Override
  protected Tensor forward(Tensor... inputs) {
    in = inputs[0];
    float[] x = in.data();
    float[] y = ArrayPool.take(x.length);
    ExpKernels.exp(x, y);
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
      dx[i] = g[i] * y[i];
    }
    return new Tensor[] {Tensor.wrap(dx, in.shapeRef())};
  }
}
