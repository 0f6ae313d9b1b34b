package crema.tensor;

/**
 * Elementwise minimum of {@code a} and {@code b} with broadcasting. Backward: the gradient goes to
 * the smaller input; on ties each gets half, as in PyTorch.
 */
final class Minimum extends BinaryOp {
  @Override
  String opName() {
    return "minimum";
  }

  @Override
  void kernel(float[] x, int xo, int xs, float[] y, int yo, int ys, float[] z, int zo, int n) {
    if (xs == 1 && ys == 1) {
      if (xo == zo && yo == zo) {
        for (int i = zo; i < zo + n; i++) {
          z[i] = Math.min(x[i], y[i]);
        }
      } else {
        for (int i = 0; i < n; i++) {
          z[zo + i] = Math.min(x[xo + i], y[yo + i]);
        }
      }
    } else if (ys == 0) {
      float c = y[yo];
      if (xo == zo) {
        for (int i = zo; i < zo + n; i++) {
          z[i] = Math.min(x[i], c);
        }
      } else {
        for (int i = 0; i < n; i++) {
          z[zo + i] = Math.min(x[xo + i], c);
        }
      }
    } else {
      float c = x[xo];
      if (yo == zo) {
        for (int i = zo; i < zo + n; i++) {
          z[i] = Math.min(c, y[i]);
        }
      } else {
        for (int i = 0; i < n; i++) {
          z[zo + i] = Math.min(c, y[yo + i]);
        }
      }
    }
  }

  @Override
  protected Tensor[] backward(Tensor g) {
    // Where a < b the gradient goes to a, where a > b to b; ties split it in half, as PyTorch.
    Tensor wa = a.lt(b).add(a.eq(b).mul(0.5f));
    Tensor ga = g.mul(wa);
    return new Tensor[] {ga, needsInputGrad(1) ? g.sub(ga) : null};
  }
}
