package crema.nn.ops;

import crema.tensor.Function;
import crema.tensor.Tensor;

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
public final class MSLELossFunction extends Function {
  private final LossReduction reduction;
  private float[] dlog; // ln(1+x) − ln(1+y)
  private float[] x;
  private int[] shape;

  public MSLELossFunction(LossReduction reduction) {
    this.reduction = reduction;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    x = in[0].data().clone();
    float[] y = in[1].data();
    shape = in[0].shape();
    dlog = new float[x.length];
    float[] l = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      float d = (float) (Math.log1p(x[i]) - Math.log1p(y[i]));
      dlog[i] = d;
      l[i] = d * d;
    }
    return reduction.reduce(l, shape, 0);
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] d = new float[x.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = 2 * dlog[i] / (1 + x[i]);
    }
    return new Tensor[] {Tensor.wrap(reduction.chain(d, gradOut, 0), shape), null};
  }
}
