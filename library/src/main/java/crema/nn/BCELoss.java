package crema.nn;

import crema.nn.ops.BCELossFunction;
import crema.tensor.Tensor;

/**
 * Binary cross-entropy on probabilities, PyTorch's {@code nn.BCELoss}:
 *
 * <pre>
 *   lᵢ = −wᵢ [ yᵢ · ln xᵢ + (1 − yᵢ) · ln(1 − xᵢ) ]      with each ln clamped at −100
 *   ∂lᵢ/∂xᵢ = wᵢ (xᵢ − yᵢ) / max(xᵢ (1 − xᵢ), 10⁻¹²)
 * </pre>
 *
 * The input must already be a probability (after a sigmoid). The clamps are PyTorch's: a prediction
 * of exactly 0 or 1 costs at most 100 instead of infinity. {@link BCEWithLogitsLoss} is the
 * numerically safer choice on raw scores. The optional {@code weight} rescales each element and
 * broadcasts from the right (e.g. {@code [C]} against {@code [N, C]}).
 *
 * <pre>{@code
 * Tensor p = Tensor.of(new float[] {0.8f, 0.3f}, 2);
 * Tensor y = Tensor.of(new float[] {1, 0}, 2);
 * new BCELoss().forward(p, y);  // −(ln 0.8 + ln 0.7) / 2 ≈ 0.2899
 * }</pre>
 */
public final class BCELoss implements Loss {

  private final Reduction reduction;
  private final Tensor weight;

  /** With {@link Reduction#MEAN} and no weight. */
  public BCELoss() {
    this(Reduction.MEAN, null);
  }

  public BCELoss(Reduction reduction) {
    this(reduction, null);
  }

  /**
   * @param weight a rescaling weight per element, broadcast from the right; null for none
   */
  public BCELoss(Reduction reduction, Tensor weight) {
    this.reduction = Losses.checkReduction("BCELoss", reduction);
    this.weight = weight;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Losses.requireSameShape("BCELoss", input, target);
    float[] w = Losses.broadcastWeight("BCELoss", "weight", weight, input);
    float[] x = input.data();
    for (int i = 0; i < x.length; i++) {
      if (!(x[i] >= 0f && x[i] <= 1f)) {
        throw new IllegalArgumentException(
            "BCELoss: input["
                + i
                + "] = "
                + x[i]
                + " is not a probability in [0, 1]; apply sigmoid first, or use"
                + " BCEWithLogitsLoss on the raw scores");
      }
    }
    return new BCELossFunction(reduction.op(), w).apply(input, target);
  }

  @Override
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return "BCELoss(reduction=" + reduction + Losses.describeWeight("weight", weight) + ")";
  }
}
