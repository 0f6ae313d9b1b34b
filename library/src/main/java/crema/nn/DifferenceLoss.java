package crema.nn;

import crema.nn.ops.DifferenceLossFunction;
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
    return new DifferenceLossFunction(this::pointwise, reduction.op()).apply(input, target);
  }

  @Override
  public final Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return name + "(reduction=" + reduction + ")";
  }
}
