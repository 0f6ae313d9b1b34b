package crema.tensor;

/**
 * {@code where(mask, a, b)}: {@code a} where the mask is non-zero, else {@code b}; all three
 * broadcast together. The mask is a constant (no gradient). Backward: {@code dL/da = g * mask},
 * {@code dL/db = g * (1 - mask)}.
 */
final class Where extends Function {
  private final Tensor mask;
  private Tensor cond; // the mask as 0/1 in the output shape

  Where(Tensor mask) {
    this.mask = mask;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    int[] ab = Shapes.broadcast("where", in[0].shapeRef(), in[1].shapeRef());
    int[] shape = Shapes.broadcast("where", mask.shapeRef(), ab);
    float[] m = Reduce.expand(mask.data(), mask.shapeRef(), shape);
    for (int i = 0; i < m.length; i++) {
      m[i] = m[i] != 0 ? 1f : 0f;
    }
    float[] x = Reduce.expand(in[0].data(), in[0].shapeRef(), shape);
    float[] y = Reduce.expand(in[1].data(), in[1].shapeRef(), shape);
    float[] z = new float[m.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = m[i] != 0 ? x[i] : y[i];
    }
    cond = Tensor.wrap(m, shape);
    return Tensor.wrap(z, shape);
  }

  @Override
  protected Tensor[] backward(Tensor g) {
    Tensor ga = g.mul(cond);
    return new Tensor[] {ga, needsInputGrad(1) ? g.sub(ga) : null};
  }
}
