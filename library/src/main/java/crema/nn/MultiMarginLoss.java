package crema.nn;

import crema.nn.ops.ClassLayout;
import crema.nn.ops.MultiMarginLossFunction;
import crema.tensor.Tensor;

/**
 * The multi-class hinge loss (the SVM loss), PyTorch's {@code nn.MultiMarginLoss}: the score of the
 * true class should beat every other class by at least {@code margin}.
 *
 * <pre>
 *   lᵢ = w_yᵢ · Σ_{c ≠ yᵢ} max(0, margin − xᵢ,yᵢ + xᵢc)^p / C        (p = 1 or 2)
 *   ∂lᵢ/∂xᵢc = w_yᵢ · p · max(0, zᵢc)^(p−1) / C  for c ≠ yᵢ,   ∂lᵢ/∂xᵢ,yᵢ = −Σ_{c ≠ yᵢ} of those
 * </pre>
 *
 * Inputs are {@code [N, C]} or {@code [C]}; targets class indices. The mean is over N samples.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[] {0.1f, 0.2f, 0.4f, 0.8f}, 1, 4);
 * new MultiMarginLoss().forward(x, new int[] {3});
 * // ((1−0.8+0.1) + (1−0.8+0.2) + (1−0.8+0.4)) / 4 = 0.325
 * }</pre>
 */
public final class MultiMarginLoss implements ClassificationLoss {
  private static final String NAME = "MultiMarginLoss";

  private final int p;
  private final double margin;
  private final Tensor weight;
  private final Reduction reduction;

  /** p = 1, margin 1, no weights, mean reduction. */
  public MultiMarginLoss() {
    this(1, 1.0, null, Reduction.MEAN);
  }

  /**
   * @param p 1 (hinge) or 2 (squared hinge)
   * @param weight one weight per class ({@code [C]}), or null
   */
  public MultiMarginLoss(int p, double margin, Tensor weight, Reduction reduction) {
    if (p != 1 && p != 2) {
      throw new IllegalArgumentException(NAME + ": p must be 1 or 2, got " + p);
    }
    this.p = p;
    this.margin = margin;
    this.weight = weight;
    this.reduction = Losses.checkReduction(NAME, reduction);
  }

  @Override
  public Tensor forward(Tensor input, int[] targets) {
    Losses.requireNonNull(NAME, input, targets);
    if (input.dim() > 2) {
      throw new IllegalArgumentException(
          NAME + ": input must be [N, C] or [C], got " + Losses.shape(input));
    }
    ClassLayout layout = Losses.classLayout(NAME, input);
    // no ignore index: Integer.MIN_VALUE can never be a valid class
    Losses.checkTargets(NAME, targets, layout, input, Integer.MIN_VALUE);
    float[] w = Losses.classWeight(NAME, weight, layout.c(), input);
    return new MultiMarginLossFunction(reduction.op(), p, margin, layout, targets.clone(), w)
        .apply(input);
  }

  /** Class indices as a tensor {@code [N]} (or a scalar for input {@code [C]}). */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Losses.requireNonNull(NAME, input, target);
    return forward(input, Losses.indices(NAME, target, Losses.classLayout(NAME, input), input));
  }

  @Override
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return NAME
        + "(p="
        + p
        + ", margin="
        + margin
        + Losses.describeWeight("weight", weight)
        + ", reduction="
        + reduction
        + ")";
  }
}
