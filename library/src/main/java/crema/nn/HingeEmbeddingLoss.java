package crema.nn;

import crema.nn.ops.HingeEmbeddingLossFunction;
import crema.tensor.Tensor;

/**
 * Hinge embedding loss, PyTorch's {@code nn.HingeEmbeddingLoss}, the binary hinge loss with labels
 * {@code y ∈ {1, −1}} (x is usually a distance, or a score):
 *
 * <pre>
 *   lᵢ = xᵢ                      if yᵢ = 1
 *   lᵢ = max(0, margin − xᵢ)     if yᵢ = −1
 *   ∂lᵢ/∂xᵢ = 1, or −[margin − xᵢ ≥ 0]
 * </pre>
 *
 * As in PyTorch, a label that is neither 1 nor −1 gets both terms.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[] {0.3f, 0.4f}, 2);
 * Tensor y = Tensor.of(new float[] {1, -1}, 2);
 * new HingeEmbeddingLoss().forward(x, y);  // (0.3 + max(0, 1 − 0.4)) / 2 = 0.45
 * }</pre>
 *
 * @see MultiMarginLoss for the multi-class hinge loss on class scores
 */
public final class HingeEmbeddingLoss implements Loss {
  private final Reduction reduction;
  private final double margin;

  /** Margin 1, mean reduction. */
  public HingeEmbeddingLoss() {
    this(1.0, Reduction.MEAN);
  }

  public HingeEmbeddingLoss(double margin, Reduction reduction) {
    this.reduction = Losses.checkReduction("HingeEmbeddingLoss", reduction);
    this.margin = margin;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Losses.requireSameShape("HingeEmbeddingLoss", input, target);
    return new HingeEmbeddingLossFunction(reduction.op(), margin).apply(input, target);
  }

  @Override
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return "HingeEmbeddingLoss(margin=" + margin + ", reduction=" + reduction + ")";
  }
}
