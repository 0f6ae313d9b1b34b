package crema.nn;

import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * Binary cross-entropy on raw scores (logits), PyTorch's {@code nn.BCEWithLogitsLoss}: a sigmoid
 * and {@link BCELoss} in one numerically stable step.
 *
 * <pre>
 *   lᵢ = −wᵢ [ pᵢ yᵢ · ln σ(xᵢ) + (1 − yᵢ) · ln(1 − σ(xᵢ)) ]
 *      = wᵢ [ (1 − yᵢ) xᵢ + (1 + (pᵢ − 1) yᵢ) · (ln(1 + e^−|xᵢ|) + max(−xᵢ, 0)) ]   (stable form)
 *   ∂lᵢ/∂xᵢ = wᵢ [ (1 + (pᵢ − 1) yᵢ) σ(xᵢ) − pᵢ yᵢ ]            (= wᵢ (σ(xᵢ) − yᵢ) when p = 1)
 * </pre>
 *
 * where {@code p} is {@code posWeight}, the weight of positive examples per class (broadcast over
 * the last dimension; e.g. {@code p = #negatives / #positives} for an imbalanced class), and {@code
 * w} the optional per-element {@code weight}. The stable form never takes the exponential of a
 * large positive number, so logits of ±1000 give exact, finite losses.
 *
 * <pre>{@code
 * Tensor logits = Tensor.of(new float[] {2, -1}, 2);
 * Tensor y = Tensor.of(new float[] {1, 0}, 2);
 * new BCEWithLogitsLoss().forward(logits, y);  // (ln(1+e⁻²) + ln(1+e⁻¹)) / 2 ≈ 0.2201
 * }</pre>
 */
public final class BCEWithLogitsLoss implements Loss {
  private final Reduction reduction;
  private final Tensor weight;
  private final Tensor posWeight;

  /** With {@link Reduction#MEAN}, no weight and no positive weight. */
  public BCEWithLogitsLoss() {
    this(Reduction.MEAN, null, null);
  }

  public BCEWithLogitsLoss(Reduction reduction) {
    this(reduction, null, null);
  }

  /**
   * @param weight a rescaling weight per element, broadcast from the right; null for none
   * @param posWeight the weight of positive examples, broadcast from the right (usually {@code
   *     [C]}); null for none
   */
  public BCEWithLogitsLoss(Reduction reduction, Tensor weight, Tensor posWeight) {
    this.reduction = Losses.checkReduction("BCEWithLogitsLoss", reduction);
    this.weight = weight;
    this.posWeight = posWeight;
  }

  /**
   * This loss with a positive weight {@code posWeight}, e.g. {@code Tensor.of(new float[]{3}, 1)}.
   */
  public BCEWithLogitsLoss withPosWeight(Tensor posWeight) {
    return new BCEWithLogitsLoss(reduction, weight, posWeight);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Losses.requireSameShape("BCEWithLogitsLoss", input, target);
    float[] w = Losses.broadcastWeight("BCEWithLogitsLoss", "weight", weight, input);
    float[] p = Losses.broadcastWeight("BCEWithLogitsLoss", "pos_weight", posWeight, input);
    return new Fn(reduction, w, p).apply(input, target);
  }

  @Override
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return "BCEWithLogitsLoss(reduction="
        + reduction
        + Losses.describeWeight("weight", weight)
        + Losses.describeWeight("pos_weight", posWeight)
        + ")";
  }

  /** Forward and backward of the fused sigmoid + binary cross-entropy. */
  private static final class Fn extends Function {
    private final Reduction reduction;
    private final float[] w;
    private final float[] p;
    private float[] x;
    private float[] y;
    private int[] shape;

    Fn(Reduction reduction, float[] w, float[] p) {
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
      return Losses.reduce(l, shape, reduction, 0);
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
      return new Tensor[] {Tensor.wrap(Losses.chain(d, gradOut, reduction, 0), shape), null};
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
}
