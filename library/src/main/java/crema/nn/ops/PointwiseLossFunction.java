package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * The shape shared by the losses that compare input and target element by element: forward writes
 * each element's loss {@code lᵢ} and its slope {@code ∂lᵢ/∂xᵢ}, reduces the losses, and keeps the
 * slopes, which are all that backward needs: {@code dxᵢ = slopeᵢ} through the chain rule of the
 * reduction. A subclass writes {@link #pointwise}. Inputs: input and target of one shape; the
 * target gets a gradient only where a subclass says so ({@link #targetGradient}).
 */
abstract class PointwiseLossFunction extends Function {
  private final LossReduction reduction;
  private final int batch;
  private float[] slope;
  private int[] shape;

  /**
   * @param batch the batch size, which {@link LossReduction#BATCHMEAN} divides by (0 when unused)
   */
  PointwiseLossFunction(LossReduction reduction, int batch) {
    this.reduction = reduction;
    this.batch = batch;
  }

  /** For every {@code i}: {@code loss[i] = lᵢ(x[i], y[i])} and {@code slope[i] = ∂lᵢ/∂xᵢ}. */
  abstract void pointwise(float[] x, float[] y, float[] loss, float[] slope);

  /**
   * The target's gradient from the input's, {@code dx} after the reduction, or null when the target
   * gets none (the default).
   */
  Tensor targetGradient(float[] dx, int[] shape) {
    return null;
  }

  @Override
  protected final Tensor forward(Tensor... in) {
    float[] x = in[0].data();
    float[] y = in[1].data();
    shape = in[0].shape();
    // From the pool: fresh arrays each step cost more than the arithmetic (docs/memory.md). Both
    // are written whole.
    slope = ArrayPool.takeUninitialised(x.length);
    float[] l = reduction.takeLosses(x.length);
    pointwise(x, y, l, slope);
    return reduction.reduceLosses(l, shape, batch);
  }

  @Override
  protected final Tensor[] backward(Tensor gradOut) {
    // A copy: with the graph kept, a second backward reads the slopes again.
    float[] d = ArrayPool.takeUninitialised(slope.length);
    System.arraycopy(slope, 0, d, 0, slope.length);
    reduction.chain(d, gradOut, batch);
    Tensor gy = needsInputGrad(1) ? targetGradient(d, shape) : null;
    return new Tensor[] {Tensor.wrap(d, shape), gy};
  }

  /** The slopes are this node's alone: back to the pool once no backward can read them. */
  @Override
  protected void releaseSaved() {
    if (slope != null) {
      ArrayPool.give(slope);
      slope = null;
    }
  }
}
