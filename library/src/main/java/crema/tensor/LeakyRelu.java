package crema.tensor;

import crema.backend.ArrayPool;
import crema.backend.Kernels;

/** Leaky ReLU {@code x if x > 0 else slope * x}. Backward: {@code g} or {@code slope * g}. */
final class LeakyRelu extends Function {
  private final float slope;
  private Tensor in;
  private Tensor out;

  LeakyRelu(float slope) {
    this.slope = slope;
  }

  @Override
  protected Tensor forward(Tensor... inputs) {
    in = inputs[0];
    float[] x = in.data();
    float[] y = ArrayPool.take(x.length);
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.max(x[i], 0f) + slope * Math.min(x[i], 0f); // branch-free
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
      dx[i] = Kernels.selectPositive(x[i], g[i], slope * g[i]);
    }
    return new Tensor[] {Tensor.wrap(dx, in.shapeRef())};
  }
}
