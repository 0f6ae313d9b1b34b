package crema.tensor;

/**
 * Rectified linear unit {@code max(x, 0)}. Backward: {@code dL/dx = g} where {@code x > 0}, else 0.
 */
final class Relu extends Function {

  private Tensor in;
  private Tensor out;

  @Override
  protected Tensor forward(Tensor... inputs) {
    in = inputs[0];
    float[] x = in.data();
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.max(x[i], 0f); // vectorises; a ternary would not (and mispredicts)
    }
    out = Tensor.wrap(y, in.shapeRef());
    return out;
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] g = gradOut.data();
    float[] x = in.data();
    float[] y = out.data();
    float[] dx = new float[g.length];
    for (int i = 0; i < g.length; i++) {
      dx[i] = Kernels.ifPositive(y[i], g[i]);
    }
    return new Tensor[] {Tensor.wrap(dx, in.shapeRef())};
  }
}
