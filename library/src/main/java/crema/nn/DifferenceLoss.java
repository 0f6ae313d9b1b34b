package crema.nn;

import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * A regression loss of the element-wise difference {@code dᵢ = xᵢ − yᵢ}: {@code lᵢ = f(dᵢ)},
 * reduced by the mean, the sum or not at all. The gradient is {@code f'(dᵢ)} for the input and
 * {@code −f'(dᵢ)} for the target. A subclass writes {@link #pointwise}: {@code f} and {@code f'}
 * for every element.
 */
abstract class DifferenceLoss implements Loss {
  private final String name;
  private final Reduction reduction;

  DifferenceLoss(String name, Reduction reduction) {
    this.name = name;
    this.reduction = Losses.checkReduction(name, reduction);
  }

  /**
   * For every {@code i}: reads the difference {@code d[i]}, writes the loss {@code f(d[i])} into
   * {@code loss[i]} and the slope {@code f'(d[i])} over {@code d[i]}.
   */
  abstract void pointwise(float[] d, float[] loss);

  @Override
  public final Tensor forward(Tensor input, Tensor target) {
    Losses.requireSameShape(name, input, target);
    return new Fn(this).apply(input, target);
  }

  @Override
  public final Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return name + "(reduction=" + reduction + ")";
  }

  /** Forward and backward: the slopes, saved forward, are all that backward needs. */
  private static final class Fn extends Function {
    private final DifferenceLoss loss;
    private float[] slope;
    private int[] shape;

    Fn(DifferenceLoss loss) {
      this.loss = loss;
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
      loss.pointwise(slope, l);
      return Losses.reduce(l, shape, loss.reduction, 0);
    }

    @Override
    protected Tensor[] backward(Tensor gradOut) {
      float[] d = Losses.chain(slope.clone(), gradOut, loss.reduction, 0);
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
}
