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
      if (xo == zo && yo == zo) {
        for (int i = zo; i < zo + n; i++) {
          z[i] = x[i] - y[i];
        }
      } else {
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i] - y[yo + i];
        }
      }
    } else if (ys == 0) {
      float c = y[yo];
      if (xo == zo) {
        for (int i = zo; i < zo + n; i++) {
          z[i] = x[i] - c;
        }
      } else {
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i] - c;
        }
      }
    } else {
      float c = x[xo];
      if (yo == zo) {
        for (int i = zo; i < zo + n; i++) {
          z[i] = c - y[i];
        }
      } else {
        for (int i = 0; i < n; i++) {
          z[zo + i] = c - y[yo + i];
        }
      }
    }
  }

  @Override
  protected Tensor[] backward(Tensor g) {
    return new Tensor[] {g, needsInputGrad(1) ? g.neg() : null};
  }
}
