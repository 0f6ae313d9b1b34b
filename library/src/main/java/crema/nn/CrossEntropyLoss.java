package crema.nn;

import crema.nn.ops.ClassLayout;
import crema.nn.ops.CrossEntropyLossFunction;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * Cross-entropy of raw class scores (logits), PyTorch's {@code nn.CrossEntropyLoss}: a log-softmax
 * and {@link NLLLoss} fused into one stable step. With class indices {@code y}, class weights
 * {@code w} (all 1 by default) and label smoothing {@code ε} over {@code C} classes:
 *
 * <pre>
 *   log pᵢ = xᵢ − max(xᵢ) − ln Σ_c exp(xᵢc − max(xᵢ))              (log-softmax, stable)
 *   lᵢ = (1 − ε) · (−w_yᵢ log pᵢ,yᵢ) + (ε / C) · (−Σ_c w_c log pᵢc)
 *   mean: (1 − ε) Σᵢ w_yᵢ(−log pᵢ,yᵢ) / Σᵢ w_yᵢ + (ε / C) Σᵢ Σ_c w_c(−log pᵢc) / (Σᵢ w_yᵢ)
 *   ∂lᵢ/∂xᵢc = (1 − ε) w_yᵢ (pᵢc − [c = yᵢ]) + (ε / C)(pᵢc Σ_k w_k − w_c)
 * </pre>
 *
 * Samples whose target equals {@code ignoreIndex} (default −100) contribute nothing, neither to the
 * sum nor to the mean's denominators (without weights, N counts only the other samples). The
 * gradient {@code softmax − one-hot} is computed directly, never through {@code exp} of large
 * numbers.
 *
 * <p>Inputs are {@code [N, C]}, {@code [N, C, d1, ...]} (classes on dimension 1, e.g. per pixel) or
 * {@code [C]}. Targets are class indices ({@code int[]} or a tensor of the input's shape without
 * the class dimension), or class probabilities (a tensor of the input's shape: {@code lᵢ = −Σ_c w_c
 * t'ᵢc log pᵢc} with {@code t' = (1 − ε) t + ε / C}, mean over the N samples).
 *
 * <pre>{@code
 * Tensor logits = Tensor.of(new float[] {2, 1, 0.1f}, 1, 3);
 * new CrossEntropyLoss().forward(logits, new int[] {0});  // −ln softmax(x)₀ ≈ 0.4170
 * new CrossEntropyLoss().withLabelSmoothing(0.1).withWeight(Tensor.of(new float[] {1, 2, 1}, 3));
 * }</pre>
 */
public final class CrossEntropyLoss implements ClassificationLoss {
  private static final String NAME = "CrossEntropyLoss";

  private final Reduction reduction;
  private final Tensor weight;
  private final int ignoreIndex;
  private final double labelSmoothing;

  /** Mean reduction, no class weights, ignore index −100, no label smoothing. */
  public CrossEntropyLoss() {
    this(Reduction.MEAN, null, -100, 0.0);
  }

  public CrossEntropyLoss(Reduction reduction) {
    this(reduction, null, -100, 0.0);
  }

  /**
   * @param weight one weight per class ({@code [C]}), or null
   * @param ignoreIndex a target value that is skipped (PyTorch's default is −100)
   * @param labelSmoothing ε in [0, 1]: the target becomes {@code (1 − ε)·one-hot + ε / C}
   */
  public CrossEntropyLoss(
      Reduction reduction, Tensor weight, int ignoreIndex, double labelSmoothing) {
    this.reduction = Losses.checkReduction(NAME, reduction);
    if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
      throw new IllegalArgumentException(
          NAME + ": label smoothing must be in [0, 1], got " + labelSmoothing);
    }
    if (weight != null && weight.dim() != 1) {
      throw new IllegalArgumentException(
          NAME + ": class weight must be 1-D [C], got " + Losses.shape(weight));
    }
    this.weight = weight;
    this.ignoreIndex = ignoreIndex;
    this.labelSmoothing = labelSmoothing;
  }

  /** This loss with per-class weights {@code [C]}. */
  public CrossEntropyLoss withWeight(Tensor weight) {
    return new CrossEntropyLoss(reduction, weight, ignoreIndex, labelSmoothing);
  }

  /** This loss with label smoothing ε. */
  public CrossEntropyLoss withLabelSmoothing(double epsilon) {
    return new CrossEntropyLoss(reduction, weight, ignoreIndex, epsilon);
  }

  /** This loss skipping targets equal to {@code ignoreIndex}. */
  public CrossEntropyLoss withIgnoreIndex(int ignoreIndex) {
    return new CrossEntropyLoss(reduction, weight, ignoreIndex, labelSmoothing);
  }

  @Override
  public Tensor forward(Tensor input, int[] targets) {
    Losses.requireNonNull(NAME, input, targets);
    ClassLayout layout = Losses.classLayout(NAME, input);
    Losses.checkTargets(NAME, targets, layout, input, ignoreIndex);
    float[] w = Losses.classWeight(NAME, weight, layout.c(), input);
    return new CrossEntropyLossFunction(
            reduction.op(), layout, targets.clone(), null, w, ignoreIndex, labelSmoothing)
        .apply(input);
  }

  /**
   * Class indices (a tensor of the input's shape without the class dimension) or class
   * probabilities (a tensor of the input's shape).
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Losses.requireNonNull(NAME, input, target);
    ClassLayout layout = Losses.classLayout(NAME, input);
    if (Arrays.equals(input.shape(), target.shape())) {
      float[] w = Losses.classWeight(NAME, weight, layout.c(), input);
      return new CrossEntropyLossFunction(
              reduction.op(), layout, null, target.data().clone(), w, ignoreIndex, labelSmoothing)
          .apply(input);
    }
    return forward(input, Losses.indices(NAME, target, layout, input));
  }

  @Override
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(NAME).append("(reduction=").append(reduction);
    sb.append(Losses.describeWeight("weight", weight));
    if (ignoreIndex != -100) {
      sb.append(", ignore_index=").append(ignoreIndex);
    }
    if (labelSmoothing != 0) {
      sb.append(", label_smoothing=").append(labelSmoothing);
    }
    return sb.append(')').toString();
  }
}
