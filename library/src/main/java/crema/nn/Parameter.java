package crema.nn;

import crema.tensor.Tensor;

/**
 * A tensor that is a learnable weight of a {@link Module}: {@code requiresGrad} is on, and the
 * module finds it by reflection, names it after its field, lists it in {@link Module#parameters()}
 * and saves it in the {@link Module#stateDict()}.
 *
 * <pre>{@code
 * class Scale extends Module {
 *   final Parameter gain = new Parameter(Tensor.ones(1));  // state_dict key "gain"
 *   public Tensor forward(Tensor x) { return x.mul(gain); }
 * }
 * }</pre>
 */
public final class Parameter extends Tensor {

  /** A parameter holding a copy of {@code init}'s values, with {@code requiresGrad} on. */
  public Parameter(Tensor init) {
    super(init.toFloatArray(), init.shape());
    requiresGrad(true);
  }

  /** A parameter of the given shape and values (copied), with {@code requiresGrad} on. */
  public static Parameter of(float[] data, int... shape) {
    return new Parameter(Tensor.of(data, shape));
  }

  @Override
  public String toString() {
    return "Parameter containing:\n" + super.toString();
  }
}
