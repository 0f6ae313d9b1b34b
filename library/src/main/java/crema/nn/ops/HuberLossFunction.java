package crema.nn.ops;

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
public final class HuberLossFunction extends PointwiseLossFunction {
  private final double delta;
  private final double scale;

  public HuberLossFunction(LossReduction reduction, double delta, double scale) {
    super(reduction, 0);
    this.delta = delta;
    this.scale = scale;
  }

  @Override
  void pointwise(float[] x, float[] y, float[] l, float[] slope) {
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
  }
}
