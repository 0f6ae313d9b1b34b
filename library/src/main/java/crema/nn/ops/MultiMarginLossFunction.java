package crema.nn.ops;

import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * The multi-class hinge loss of scores {@code x [N, C]} against class indices:
 *
 * <pre>
 *   lᵢ = w_yᵢ · Σ_{c ≠ yᵢ} max(0, margin − xᵢ,yᵢ + xᵢc)^p / C        (p = 1 or 2)
 *   ∂lᵢ/∂xᵢc = w_yᵢ · p · max(0, zᵢc)^(p−1) / C  for c ≠ yᵢ,   ∂lᵢ/∂xᵢ,yᵢ = −Σ_{c ≠ yᵢ} of those
 * </pre>
 *
 * The class weights {@code w} may be null; the mean is over the N samples.
 */
public final class MultiMarginLossFunction extends Function {
  private final LossReduction reduction;
  private final int p;
  private final double margin;
  private final ClassLayout layout;
  private final int[] targets;
  private final float[] w;
  private float[] local; // ∂lᵢ/∂xᵢc before the reduction
  private int[] inputShape;

  /**
   * @param p 1 (hinge) or 2 (squared hinge)
   */
  public MultiMarginLossFunction(
      LossReduction reduction, int p, double margin, ClassLayout layout, int[] targets, float[] w) {
    this.reduction = reduction;
    this.p = p;
    this.margin = margin;
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
        double z = margin - x[base + y] + x[base + c];
        if (z > 0) {
          sum += p == 1 ? z : z * z;
          double d = wy * (p == 1 ? 1 : 2 * z) / classes;
          local[base + c] = (float) d;
          dy -= d;
        }
      }
      local[base + y] = (float) dy;
      rowLoss[i] = (float) (wy * sum / classes);
    }
    return reduction.reduce(rowLoss, layout.targetShape(), 0);
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] g = gradOut.data();
    int classes = layout.c();
    float[] dx = new float[local.length];
    for (int i = 0; i < layout.n(); i++) {
      double up =
          switch (reduction) {
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
