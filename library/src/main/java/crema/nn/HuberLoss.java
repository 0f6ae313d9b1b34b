package crema.nn;

import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * Huber loss, PyTorch's {@code nn.HuberLoss}: squared for small errors, linear for large ones, so
 * it is smooth at 0 like {@link MSELoss} yet robust to outliers like {@link L1Loss}. With {@code d
 * = x − y}:
 *
 * <pre>
 *   lᵢ = ½ dᵢ²                 if |dᵢ| ≤ δ
 *   lᵢ = δ (|dᵢ| − ½ δ)        otherwise
 *   ∂lᵢ/∂xᵢ = clamp(dᵢ, −δ, δ)
 * </pre>
 *
 * <pre>{@code
 * Tensor loss = new HuberLoss(1.0, Reduction.MEAN)
 *     .forward(Tensor.of(new float[] {0.5f, 3}, 2), Tensor.of(new float[] {0, 0}, 2));
 * // (½·0.25 + 1·(3 − 0.5)) / 2 = 1.3125
 * }</pre>
 *
 * @see SmoothL1Loss, the same curve divided by δ
 */
public final class HuberLoss implements Loss {
  private final double delta;
  private final Reduction reduction;

  /** δ = 1, mean reduction. */
  public HuberLoss() {
    this(1.0, Reduction.MEAN);
  }

  public HuberLoss(double delta, Reduction reduction) {
    if (!(delta > 0)) {
      throw new IllegalArgumentException("HuberLoss: delta must be positive, got " + delta);
    }
    this.delta = delta;
    this.reduction = Losses.checkReduction("HuberLoss", reduction);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Losses.requireSameShape("HuberLoss", input, target);
    return new Fn(reduction, delta, 1.0).apply(input, target);
  }

  @Override
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return "HuberLoss(delta=" + delta + ", reduction=" + reduction + ")";
  }

  /**
   * Forward and backward of the Huber curve, scaled by {@code 1 / scale} (1 for Huber, β for {@link
   * SmoothL1Loss}).
   */
  static final class Fn extends Function {
    private final Reduction reduction;
    private final double delta;
    private final double scale;
    private float[] slope;
    private int[] shape;

    Fn(Reduction reduction, double delta, double scale) {
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
      return Losses.reduce(l, shape, reduction, 0);
    }

    @Override
    protected Tensor[] backward(Tensor gradOut) {
      float[] d = Losses.chain(slope.clone(), gradOut, reduction, 0);
      return new Tensor[] {Tensor.wrap(d, shape), null};
    }
  }
}
