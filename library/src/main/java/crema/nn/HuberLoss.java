package crema.nn;

import crema.nn.ops.HuberLossFunction;
import crema.tensor.Tensor;

/**
 * Huber loss, PyTorch's {@code nn.HuberLoss}: squared for small errors, linear for large ones, so
 * it is smooth at 0 like {@link MSELoss} yet robust to outliers like {@link L1Loss}. With {@code d
 * = x − y}:
 *
 * <pre>
 *   lᵢ = ½ dᵢ²                 if |dᵢ| ≤ δ
 *   lᵢ = δ (|dᵢ| − ½ δ)        otherwise
 *   ∂lᵢ/∂xᵢ = clamp(dᵢ, −δ, δ)
 * </pre>
 *
 * <pre>{@code
 * Tensor loss = new HuberLoss(1.0, Reduction.MEAN)
 *     .forward(Tensor.of(new float[] {0.5f, 3}, 2), Tensor.of(new float[] {0, 0}, 2));
 * // (½·0.25 + 1·(3 − 0.5)) / 2 = 1.3125
 * }</pre>
 *
 * @see SmoothL1Loss the same curve divided by δ
 */
public final class HuberLoss implements Loss {
  private final double delta;
  private final Reduction reduction;

  /** δ = 1, mean reduction. */
  public HuberLoss() {
    this(1.0, Reduction.MEAN);
  }

  public HuberLoss(double delta, Reduction reduction) {
    if (!(delta > 0)) {
      throw new IllegalArgumentException("HuberLoss: delta must be positive, got " + delta);
    }
    this.delta = delta;
    this.reduction = Losses.checkReduction("HuberLoss", reduction);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Losses.requireSameShape("HuberLoss", input, target);
    return new HuberLossFunction(reduction.op(), delta, 1.0).apply(input, target);
  }

  @Override
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return "HuberLoss(delta=" + delta + ", reduction=" + reduction + ")";
  }
}
