package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.tensor.Tensor;

/**
 * A regression loss of the element-wise difference {@code dᵢ = xᵢ − yᵢ}: {@code lᵢ = f(dᵢ)},
 * reduced. The gradient is {@code f'(dᵢ)} for the input and {@code −f'(dᵢ)} for the target; the
 * slopes, saved forward, are all that backward needs. Inputs: input and target of one shape.
 */
public final class DifferenceLossFunction extends PointwiseLossFunction {

  /** {@code f} and {@code f'} of a difference loss, for every element at once. */
  @FunctionalInterface
  public interface Pointwise {
    /**
     * For every {@code i}: reads the difference {@code d[i]}, writes the loss {@code f(d[i])} into
     * {@code loss[i]} and the slope {@code f'(d[i])} over {@code d[i]}.
     */
    void apply(float[] d, float[] loss);
  }

  private final Pointwise f;

  public DifferenceLossFunction(Pointwise f, LossReduction reduction) {
    super(reduction, 0);
    this.f = f;
  }

  @Override
  void pointwise(float[] x, float[] y, float[] loss, float[] slope) {
    for (int i = 0; i < x.length; i++) {
      slope[i] = x[i] - y[i];
    }
    f.apply(slope, loss);
  }

  /** {@code ∂lᵢ/∂yᵢ = −f'(dᵢ)}. */
  @Override
  Tensor targetGradient(float[] dx, int[] shape) {
    float[] n = ArrayPool.takeUninitialised(dx.length); // written whole
    for (int i = 0; i < n.length; i++) {
      n[i] = -dx[i];
    }
    return Tensor.wrap(n, shape);
  }
}
