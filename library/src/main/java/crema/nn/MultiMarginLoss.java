package crema.nn;

import crema.tensor.Function;
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
    Losses.ClassLayout layout = Losses.classLayout(NAME, input);
    // no ignore index: Integer.MIN_VALUE can never be a valid class
    Losses.checkTargets(NAME, targets, layout, input, Integer.MIN_VALUE);
    float[] w = Losses.classWeight(NAME, weight, layout.c(), input);
    return new Fn(this, layout, targets.clone(), w).apply(input);
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

  /** Forward and backward of the multi-class hinge. */
  private static final class Fn extends Function {
    private final MultiMarginLoss loss;
    private final Losses.ClassLayout layout;
    private final int[] targets;
    private final float[] w;
    private float[] local; // ∂lᵢ/∂xᵢc before the reduction
    private int[] inputShape;

    Fn(MultiMarginLoss loss, Losses.ClassLayout layout, int[] targets, float[] w) {
      this.loss = loss;
      this.layout = layout;
      this.targets = targets;
      this.w = w;
    }

    @Override
    protected Tensor forward(Tensor... in) {
      float[] x = in[0].data();
      inputShape = in[0].shape();
      int classes = layout.c();
      local = new float[x.length];
      float[] rowLoss = new float[layout.n()];
      for (int i = 0; i < layout.n(); i++) {
        int base = i * classes;
        int y = targets[i];
        double wy = w == null ? 1 : w[y];
        double sum = 0;
        double dy = 0;
        for (int c = 0; c < classes; c++) {
          if (c == y) {
            continue;
          }
          double z = loss.margin - x[base + y] + x[base + c];
          if (z > 0) {
            sum += loss.p == 1 ? z : z * z;
            double d = wy * (loss.p == 1 ? 1 : 2 * z) / classes;
            local[base + c] = (float) d;
            dy -= d;
          }
        }
        local[base + y] = (float) dy;
        rowLoss[i] = (float) (wy * sum / classes);
      }
      return Losses.reduce(rowLoss, layout.targetShape(), loss.reduction, 0);
    }

    @Override
    protected Tensor[] backward(Tensor gradOut) {
      float[] g = gradOut.data();
      int classes = layout.c();
      float[] dx = new float[local.length];
      for (int i = 0; i < layout.n(); i++) {
        double up =
            switch (loss.reduction) {
              case NONE -> g[i];
              case SUM -> g[0];
              case MEAN -> (double) g[0] / layout.n();
              case BATCHMEAN -> throw new AssertionError();
            };
        for (int c = 0; c < classes; c++) {
          dx[i * classes + c] = (float) (local[i * classes + c] * up);
        }
      }
      return new Tensor[] {Tensor.wrap(dx, inputShape)};
    }
  }
}
