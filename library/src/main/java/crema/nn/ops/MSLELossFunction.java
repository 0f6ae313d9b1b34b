package crema.nn.ops;

/**
 * The squared logarithmic error of inputs and targets greater than −1:
 *
 * <pre>
 *   lᵢ = (ln(1 + xᵢ) − ln(1 + yᵢ))²
 *   ∂lᵢ/∂xᵢ = 2 (ln(1 + xᵢ) − ln(1 + yᵢ)) / (1 + xᵢ)
 * </pre>
 *
 * Inputs: input and target of one shape; only the input gets a gradient.
 */
public final class MSLELossFunction extends PointwiseLossFunction {

  public MSLELossFunction(LossReduction reduction) {
    super(reduction, 0);
  }

  @Override
  void pointwise(float[] x, float[] y, float[] l, float[] slope) {
    for (int i = 0; i < x.length; i++) {
      float d = (float) (Math.log1p(x[i]) - Math.log1p(y[i]));
      l[i] = d * d;
      slope[i] = 2 * d / (1 + x[i]);
    }
  }
}
