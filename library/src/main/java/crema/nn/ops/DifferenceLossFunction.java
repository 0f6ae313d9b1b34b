package crema.nn.ops;

import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * A regression loss of the element-wise difference {@code dᵢ = xᵢ − yᵢ}: {@code lᵢ = f(dᵢ)},
 * reduced. The gradient is {@code f'(dᵢ)} for the input and {@code −f'(dᵢ)} for the target; the
 * slopes, saved forward, are all that backward needs. Inputs: input and target of one shape.
 */
public final class DifferenceLossFunction extends Function {

  /** {@code f} and {@code f'} of a difference loss, for every element at once. */
  @FunctionalInterface
  public interface Pointwise {
    /**
     * For every {@code i}: reads the difference {@code d[i]}, writes the loss {@code f(d[i])} into
     * {@code loss[i]} and the slope {@code f'(d[i])} over {@code d[i]}.
     */
    void apply(float[] d, float[] loss);
  }

  private final Pointwise pointwise;
  private final LossReduction reduction;
  private float[] slope;
  private int[] shape;

  public DifferenceLossFunction(Pointwise pointwise, LossReduction reduction) {
    this.pointwise = pointwise;
    this.reduction = reduction;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    float[] x = in[0].data();
    float[] y = in[1].data();
    shape = in[0].shape();
    slope = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      slope[i] = x[i] - y[i];
    }
    float[] l = new float[x.length];
    pointwise.apply(slope, l);
    return reduction.reduce(l, shape, 0);
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] d = reduction.chain(slope.clone(), gradOut, 0);
    Tensor gy = null;
    if (needsInputGrad(1)) {
      float[] n = new float[d.length];
      for (int i = 0; i < n.length; i++) {
        n[i] = -d[i];
      }
      gy = Tensor.wrap(n, shape);
    }
    return new Tensor[] {Tensor.wrap(d, shape), gy};
  }
}
