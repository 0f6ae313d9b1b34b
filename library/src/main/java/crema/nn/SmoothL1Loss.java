package crema.nn;

import crema.nn.ops.HuberLossFunction;
import crema.tensor.Tensor;

/**
 * Smooth L1 loss, PyTorch's {@code nn.SmoothL1Loss} (the box-regression loss of Fast R-CNN): {@link
 * HuberLoss} divided by β, so that large errors cost exactly {@code |d|} as in {@link L1Loss}:
 *
 * <pre>
 *   lᵢ = ½ dᵢ² / β             if |dᵢ| ≤ β
 *   lᵢ = |dᵢ| − ½ β            otherwise
 * </pre>
 *
 * {@code β = 0} is plain {@link L1Loss}.
 *
 * <pre>{@code
 * Tensor loss = new SmoothL1Loss()
 *     .forward(Tensor.of(new float[] {0.5f, 3}, 2), Tensor.of(new float[] {0, 0}, 2));
 * // (½·0.25 + (3 − 0.5)) / 2 = 1.3125
 * }</pre>
 */
public final class SmoothL1Loss implements Loss {
  private final double beta;
  private final Reduction reduction;

  /** β = 1, mean reduction. */
  public SmoothL1Loss() {
    this(1.0, Reduction.MEAN);
  }

  public SmoothL1Loss(double beta, Reduction reduction) {
    if (!(beta >= 0)) {
      throw new IllegalArgumentException("SmoothL1Loss: beta must be non-negative, got " + beta);
    }
    this.beta = beta;
    this.reduction = Losses.checkReduction("SmoothL1Loss", reduction);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Losses.requireSameShape("SmoothL1Loss", input, target);
    if (beta == 0) {
      return new L1Loss(reduction).forward(input, target);
    }
    return new HuberLossFunction(reduction.op(), beta, beta).apply(input, target);
  }

  @Override
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return "SmoothL1Loss(beta=" + beta + ", reduction=" + reduction + ")";
  }
}
