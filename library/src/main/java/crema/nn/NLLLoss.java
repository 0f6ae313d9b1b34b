package crema.nn;

import crema.tensor.Function;
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
    Losses.ClassLayout layout = Losses.classLayout(NAME, input);
    Losses.checkTargets(NAME, targets, layout, input, ignoreIndex);
    float[] w = Losses.classWeight(NAME, weight, layout.c(), input);
    return new Fn(reduction, layout, targets.clone(), w, ignoreIndex).apply(input);
  }

  /** Class indices as a tensor of the input's shape without the class dimension. */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Losses.requireNonNull(NAME, input, target);
    Losses.ClassLayout layout = Losses.classLayout(NAME, input);
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

  /** Picks −w_y·x_y per sample; the gradient is −w_y at the target class, 0 elsewhere. */
  private static final class Fn extends Function {
    private final Reduction reduction;
    private final Losses.ClassLayout layout;
    private final int[] targets;
    private final float[] w;
    private final int ignoreIndex;
    private int[] inputShape;
    private double weightSum;

    Fn(Reduction reduction, Losses.ClassLayout layout, int[] targets, float[] w, int ignoreIndex) {
      this.reduction = reduction;
      this.layout = layout;
      this.targets = targets;
      this.w = w;
      this.ignoreIndex = ignoreIndex;
    }

    @Override
    protected Tensor forward(Tensor... in) {
      float[] x = in[0].data();
      inputShape = in[0].shape();
      int s = layout.s();
      int classes = layout.c();
      float[] rowLoss = new float[targets.length];
      double sum = 0;
      weightSum = 0;
      for (int row = 0; row < targets.length; row++) {
        int y = targets[row];
        if (y == ignoreIndex) {
          continue;
        }
        int i = row / s;
        int j = row % s;
        double wy = w == null ? 1 : w[y];
        double l = -wy * x[(i * classes + y) * s + j];
        rowLoss[row] = (float) l;
        sum += l;
        weightSum += wy;
      }
      return switch (reduction) {
        case NONE -> Tensor.wrap(rowLoss, layout.targetShape());
        case SUM -> Losses.scalar(sum);
        case MEAN -> Losses.scalar(sum / weightSum);
        case BATCHMEAN -> throw new AssertionError();
      };
    }

    @Override
    protected Tensor[] backward(Tensor gradOut) {
      float[] g = gradOut.data();
      int s = layout.s();
      int classes = layout.c();
      float[] dx = new float[layout.n() * classes * s];
      for (int row = 0; row < targets.length; row++) {
        int y = targets[row];
        if (y == ignoreIndex) {
          continue;
        }
        double up =
            switch (reduction) {
              case NONE -> g[row];
              case SUM -> g[0];
              case MEAN -> g[0] / weightSum;
              case BATCHMEAN -> throw new AssertionError();
            };
        double wy = w == null ? 1 : w[y];
        dx[((row / s) * classes + y) * s + row % s] = (float) (-wy * up);
      }
      return new Tensor[] {Tensor.wrap(dx, inputShape)};
    }
  }
}
