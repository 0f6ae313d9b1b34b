package crema.nn;

import crema.backend.Parallel;
import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * Binary cross-entropy on probabilities, PyTorch's {@code nn.BCELoss}:
 *
 * <pre>
 *   lᵢ = −wᵢ [ yᵢ · ln xᵢ + (1 − yᵢ) · ln(1 − xᵢ) ]      with each ln clamped at −100
 *   ∂lᵢ/∂xᵢ = wᵢ (xᵢ − yᵢ) / max(xᵢ (1 − xᵢ), 10⁻¹²)
 * </pre>
 *
 * The input must already be a probability (after a sigmoid). The clamps are PyTorch's: a prediction
 * of exactly 0 or 1 costs at most 100 instead of infinity. {@link BCEWithLogitsLoss} is the
 * numerically safer choice on raw scores. The optional {@code weight} rescales each element and
 * broadcasts from the right (e.g. {@code [C]} against {@code [N, C]}).
 *
 * <pre>{@code
 * Tensor p = Tensor.of(new float[] {0.8f, 0.3f}, 2);
 * Tensor y = Tensor.of(new float[] {1, 0}, 2);
 * new BCELoss().forward(p, y);  // −(ln 0.8 + ln 0.7) / 2 ≈ 0.2899
 * }</pre>
 */
public final class BCELoss implements Loss {
  private static final double LOG_CLAMP = -100;
  private static final double EPSILON = 1e-12;

  /** Elements per piece of the loss: about 40 us of logarithms. */
  private static final int GRAIN = 1 << 12;

  private final Reduction reduction;
  private final Tensor weight;

  /** With {@link Reduction#MEAN} and no weight. */
  public BCELoss() {
    this(Reduction.MEAN, null);
  }

  public BCELoss(Reduction reduction) {
    this(reduction, null);
  }

  /**
   * @param weight a rescaling weight per element, broadcast from the right; null for none
   */
  public BCELoss(Reduction reduction, Tensor weight) {
    this.reduction = Losses.checkReduction("BCELoss", reduction);
    this.weight = weight;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Losses.requireSameShape("BCELoss", input, target);
    float[] w = Losses.broadcastWeight("BCELoss", "weight", weight, input);
    float[] x = input.data();
    for (int i = 0; i < x.length; i++) {
      if (!(x[i] >= 0f && x[i] <= 1f)) {
        throw new IllegalArgumentException(
            "BCELoss: input["
                + i
                + "] = "
                + x[i]
                + " is not a probability in [0, 1]; apply sigmoid first, or use"
                + " BCEWithLogitsLoss on the raw scores");
      }
    }
    return new Fn(reduction, w).apply(input, target);
  }

  @Override
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return "BCELoss(reduction=" + reduction + Losses.describeWeight("weight", weight) + ")";
  }

  /** Forward and backward of the binary cross-entropy. */
  private static final class Fn extends Function {
    private final Reduction reduction;
    private final float[] w;
    private float[] x;
    private float[] y;
    private int[] shape;

    Fn(Reduction reduction, float[] w) {
      this.reduction = reduction;
      this.w = w;
    }

    @Override
    protected Tensor forward(Tensor... in) {
      // Kept by reference for backward, as every op does: forward never writes into them.
      x = in[0].data();
      y = in[1].data();
      shape = in[0].shape();
      float[] l = new float[x.length];
      // Two logarithms per element (a VAE's 64×784 outputs: a fifth of its training step), so the
      // elements are shared by the cores; the sum below stays sequential, in one order.
      Parallel.Range perElement =
          (from, to) -> {
            for (int i = from; i < to; i++) {
              double xi = x[i];
              // ln(1 − x) as Math.log(1 − x), like PyTorch (which does it in float), not
              // Math.log1p(−x): log is a JIT intrinsic, log1p is not (it was 16% of the VAE's
              // training step; the loss forward now runs about twice as fast). For a float x >=
              // 2⁻²⁹, 1 − x is exact in double and both agree to the last bit; below, the absolute
              // error stays under 2⁻⁵³.
              double logX = Math.max(Math.log(xi), LOG_CLAMP);
              double log1mX = Math.max(Math.log(1.0 - xi), LOG_CLAMP);
              double li = -(y[i] * logX + (1 - y[i]) * log1mX);
              l[i] = (float) (w == null ? li : w[i % w.length] * li);
            }
          };
      Parallel.parallelFor(x.length, GRAIN, perElement);
      return Losses.reduce(l, shape, reduction, 0);
    }

    @Override
    protected Tensor[] backward(Tensor gradOut) {
      float[] d = new float[x.length];
      for (int i = 0; i < d.length; i++) {
        double xi = x[i];
        double di = (xi - y[i]) / Math.max((1 - xi) * xi, EPSILON);
        d[i] = (float) (w == null ? di : w[i % w.length] * di);
      }
      return new Tensor[] {Tensor.wrap(Losses.chain(d, gradOut, reduction, 0), shape), null};
    }
  }
}
