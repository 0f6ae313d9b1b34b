package crema.nn;

import crema.nn.ops.BCEWithLogitsLossFunction;
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
    return new BCEWithLogitsLossFunction(reduction.op(), w, p).apply(input, target);
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
}
