package crema.nn.ops;

import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * The Huber curve of {@code d = x − y}, divided by {@code scale} (1 for {@code HuberLoss}, β for
 * {@code SmoothL1Loss}):
 *
 * <pre>
 *   lᵢ = ½ dᵢ² / scale                if |dᵢ| ≤ δ
 *   lᵢ = δ (|dᵢ| − ½ δ) / scale       otherwise
 *   ∂lᵢ/∂xᵢ = clamp(dᵢ, −δ, δ) / scale
 * </pre>
 *
 * Inputs: input and target of one shape; only the input gets a gradient.
 */
public final class HuberLossFunction extends Function {
  private final LossReduction reduction;
  private final double delta;
  private final double scale;
  private float[] slope;
  private int[] shape;

  public HuberLossFunction(LossReduction reduction, double delta, double scale) {
    this.reduction = reduction;
    this.delta = delta;
    this.scale = scale;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    float[] x = in[0].data();
    float[] y = in[1].data();
    shape = in[0].shape();
    slope = new float[x.length];
    float[] l = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      double d = (double) x[i] - y[i];
      double a = Math.abs(d);
      if (a <= delta) {
        l[i] = (float) (0.5 * d * d / scale);
        slope[i] = (float) (d / scale);
      } else {
        l[i] = (float) (delta * (a - 0.5 * delta) / scale);
        slope[i] = (float) (Math.signum(d) * delta / scale);
      }
    }
    return reduction.reduce(l, shape, 0);
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] d = reduction.chain(slope.clone(), gradOut, 0);
    return new Tensor[] {Tensor.wrap(d, shape), null};
  }
}
