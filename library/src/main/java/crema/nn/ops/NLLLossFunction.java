package crema.nn.ops;

import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * Negative log-likelihood of log-probabilities {@code x} (layout {@link ClassLayout}) against class
 * indices: picks {@code −w_y·x_y} per sample; the gradient is {@code −w_y} at the target class, 0
 * elsewhere.
 *
 * <pre>
 *   lᵢ = −w_yᵢ · xᵢ,yᵢ          mean: Σᵢ lᵢ / Σᵢ w_yᵢ  (the weighted mean)
 *   ∂lᵢ/∂xᵢc = −w_yᵢ [c = yᵢ]
 * </pre>
 *
 * Targets equal to {@code ignoreIndex} contribute nothing. The class weights {@code w} may be null.
 */
public final class NLLLossFunction extends Function {
  private final LossReduction reduction;
  private final ClassLayout layout;
  private final int[] targets;
  private final float[] w;
  private final int ignoreIndex;
  private int[] inputShape;
  private double weightSum;

  public NLLLossFunction(
      LossReduction reduction, ClassLayout layout, int[] targets, float[] w, int ignoreIndex) {
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
      case SUM -> LossReduction.scalar(sum);
      case MEAN -> LossReduction.scalar(sum / weightSum);
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
