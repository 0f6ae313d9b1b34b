package crema.nn;

import crema.nn.ops.ClassLayout;
import crema.nn.ops.NLLLossFunction;
import crema.tensor.Tensor;

/**
 * Negative log-likelihood of log-probabilities, PyTorch's {@code nn.NLLLoss}. Use it after a {@code
 * LogSoftmax}; on raw scores use {@link CrossEntropyLoss}, which fuses both.
 *
 * <pre>
 *   lᵢ = −w_yᵢ · xᵢ,yᵢ          mean: Σᵢ lᵢ / Σᵢ w_yᵢ  (the weighted mean)
 *   ∂lᵢ/∂xᵢc = −w_yᵢ [c = yᵢ]
 * </pre>
 *
 * Samples whose target equals {@code ignoreIndex} (default −100) are skipped. Inputs are {@code [N,
 * C]}, {@code [N, C, d1, ...]} or {@code [C]}; targets are class indices ({@code int[]} or a tensor
 * of the input's shape without the class dimension).
 *
 * <pre>{@code
 * Tensor logp = Tensor.of(new float[] {-0.5f, -1.2f, -2.3f}, 1, 3);
 * new NLLLoss().forward(logp, new int[] {1});  // 1.2
 * }</pre>
 */
public final class NLLLoss implements ClassificationLoss {
  private static final String NAME = "NLLLoss";

  private final Reduction reduction;
  private final Tensor weight;
  private final int ignoreIndex;

  /** Mean reduction, no class weights, ignore index −100. */
  public NLLLoss() {
    this(Reduction.MEAN, null, -100);
  }

  public NLLLoss(Reduction reduction) {
    this(reduction, null, -100);
  }

  /**
   * @param weight one weight per class ({@code [C]}), or null
   * @param ignoreIndex a target value that is skipped (PyTorch's default is −100)
   */
  public NLLLoss(Reduction reduction, Tensor weight, int ignoreIndex) {
    this.reduction = Losses.checkReduction(NAME, reduction);
    this.weight = weight;
    this.ignoreIndex = ignoreIndex;
  }

  /** This loss with per-class weights {@code [C]}. */
  public NLLLoss withWeight(Tensor weight) {
    return new NLLLoss(reduction, weight, ignoreIndex);
  }

  /** This loss skipping targets equal to {@code ignoreIndex}. */
  public NLLLoss withIgnoreIndex(int ignoreIndex) {
    return new NLLLoss(reduction, weight, ignoreIndex);
  }

  @Override
  public Tensor forward(Tensor input, int[] targets) {
    Losses.requireNonNull(NAME, input, targets);
    ClassLayout layout = Losses.classLayout(NAME, input);
    Losses.checkTargets(NAME, targets, layout, input, ignoreIndex);
    float[] w = Losses.classWeight(NAME, weight, layout.c(), input);
    return new NLLLossFunction(reduction.op(), layout, targets.clone(), w, ignoreIndex)
        .apply(input);
  }

  /** Class indices as a tensor of the input's shape without the class dimension. */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Losses.requireNonNull(NAME, input, target);
    ClassLayout layout = Losses.classLayout(NAME, input);
    return forward(input, Losses.indices(NAME, target, layout, input));
  }

  @Override
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return NAME
        + "(reduction="
        + reduction
        + Losses.describeWeight("weight", weight)
        + (ignoreIndex != -100 ? ", ignore_index=" + ignoreIndex : "")
        + ")";
  }
}
