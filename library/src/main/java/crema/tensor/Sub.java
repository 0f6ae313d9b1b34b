package crema.tensor;

/**
 * Elementwise difference {@code a - b} with broadcasting. Backward: {@code dL/da = g}, {@code dL/db
 * = -g}.
 */
final class Sub extends BinaryOp {
  @Override
  String opName() {
    return "sub";
  }

  @Override
  void kernel(float[] x, int xo, int xs, float[] y, int yo, int ys, float[] z, int zo, int n) {
    if (xs == 1 && ys == 1) {
      for (int i = 0; i < n; i++) {
        z[zo + i] = x[xo + i] - y[yo + i];
      }
    } else if (ys == 0) {
      float c = y[yo];
      for (int i = 0; i < n; i++) {
        z[zo + i] = x[xo + i] - c;
      }
    } else {
      float c = x[xo];
      for (int i = 0; i < n; i++) {
        z[zo + i] = c - y[yo + i];
      }
    }
  }

  @Override
  protected Tensor[] backward(Tensor g) {
    return new Tensor[] {g, needsInputGrad(1) ? g.neg() : null};
  }
}
