package crema.nn.ops;

import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * A sigmoid and binary cross-entropy fused into one numerically stable step, on logits {@code x}
 * and targets {@code y}:
 *
 * <pre>
 *   lᵢ = wᵢ [ (1 − yᵢ) xᵢ + (1 + (pᵢ − 1) yᵢ) · (ln(1 + e^−|xᵢ|) + max(−xᵢ, 0)) ]
 *   ∂lᵢ/∂xᵢ = wᵢ [ (1 + (pᵢ − 1) yᵢ) σ(xᵢ) − pᵢ yᵢ ]            (= wᵢ (σ(xᵢ) − yᵢ) when p = 1)
 * </pre>
 *
 * The weight {@code w} and the positive weight {@code p} (either may be null) broadcast from the
 * right. Inputs: logits and targets of one shape; only the logits get a gradient.
 */
public final class BCEWithLogitsLossFunction extends Function {
  private final LossReduction reduction;
  private final float[] w;
  private final float[] p;
  private float[] x;
  private float[] y;
  private int[] shape;

  public BCEWithLogitsLossFunction(LossReduction reduction, float[] w, float[] p) {
    this.reduction = reduction;
    this.w = w;
    this.p = p;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    x = in[0].data(); // kept by reference for backward: forward never writes into them
    y = in[1].data();
    shape = in[0].shape();
    float[] l = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      double xi = x[i];
      double yi = y[i];
      double logWeight = p == null ? 1 : 1 + (p[i % p.length] - 1) * yi;
      // −ln σ(x) = ln(1 + e^−x) = ln(1 + e^−|x|) + max(−x, 0), never overflowing
      double softplusNeg = Math.log1p(Math.exp(-Math.abs(xi))) + Math.max(-xi, 0);
      double li = (1 - yi) * xi + logWeight * softplusNeg;
      l[i] = (float) (w == null ? li : w[i % w.length] * li);
    }
    return reduction.reduce(l, shape, 0);
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] d = new float[x.length];
    for (int i = 0; i < d.length; i++) {
      double sig = sigmoid(x[i]);
      double di;
      if (p == null) {
        di = sig - y[i];
      } else {
        double py = p[i % p.length] * y[i];
        di = (py + 1 - y[i]) * sig - py;
      }
      d[i] = (float) (w == null ? di : w[i % w.length] * di);
    }
    return new Tensor[] {Tensor.wrap(reduction.chain(d, gradOut, 0), shape), null};
  }

  private static double sigmoid(double v) {
    // the two branches keep exp's argument non-positive
    if (v >= 0) {
      return 1 / (1 + Math.exp(-v));
    }
    double e = Math.exp(v);
    return e / (1 + e);
  }
}
