package crema.tensor;

/**
 * Elementwise quotient {@code a / b} with broadcasting. Backward: {@code dL/da = g / b}, {@code
 * dL/db = -g * a / b^2}.
 */
final class Div extends BinaryOp {
  @Override
  String opName() {
    return "div";
  }

  @Override
  void kernel(float[] x, int xo, int xs, float[] y, int yo, int ys, float[] z, int zo, int n) {
    if (xs == 1 && ys == 1) {
      if (xo == zo && yo == zo) {
        for (int i = zo; i < zo + n; i++) {
          z[i] = x[i] / y[i];
        }
      } else {
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i] / y[yo + i];
        }
      }
    } else if (ys == 0) {
      float c = y[yo];
      if (xo == zo) {
        for (int i = zo; i < zo + n; i++) {
          z[i] = x[i] / c;
        }
      } else {
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i] / c;
        }
      }
    } else {
      float c = x[xo];
      if (yo == zo) {
        for (int i = zo; i < zo + n; i++) {
          z[i] = c / y[i];
        }
      } else {
        for (int i = 0; i < n; i++) {
          z[zo + i] = c / y[yo + i];
        }
      }
    }
  }

  @Override
  protected Tensor[] backward(Tensor g) {
    return new Tensor[] {
      needsInputGrad(0) ? g.div(b) : null,
      needsInputGrad(1) ? g.mul(a).div(b.mul(b)).neg() : null // d(a/b)/db = -a / b^2
    };
  }
}
