package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.Parallel;
import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * Binary cross-entropy of probabilities {@code x} against targets {@code y}, with PyTorch's clamps:
 *
 * <pre>
 *   lᵢ = −wᵢ [ yᵢ · ln xᵢ + (1 − yᵢ) · ln(1 − xᵢ) ]      with each ln clamped at −100
 *   ∂lᵢ/∂xᵢ = wᵢ (xᵢ − yᵢ) / max(xᵢ (1 − xᵢ), 10⁻¹²)
 * </pre>
 *
 * Inputs: probabilities and targets of one shape; only the probabilities get a gradient. The weight
 * {@code w} (or null) broadcasts from the right: element {@code i} uses {@code w[i % w.length]}.
 */
public final class BCELossFunction extends Function {
  private static final double LOG_CLAMP = -100;
  private static final double EPSILON = 1e-12;

  /** Elements per piece of the loss: about 40 us of logarithms. */
  private static final int GRAIN = 1 << 12;

  private final LossReduction reduction;
  private final float[] w;
  private float[] x;
  private float[] y;
  private int[] shape;

  public BCELossFunction(LossReduction reduction, float[] w) {
    this.reduction = reduction;
    this.w = w;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    // Kept by reference for backward, as every op does: forward never writes into them.
    x = in[0].data();
    y = in[1].data();
    shape = in[0].shape();
    // Written whole; reduced to a scalar, the values go straight back to the pool.
    boolean reduced = reduction != LossReduction.NONE;
    float[] l = reduced ? ArrayPool.takeUninitialised(x.length) : new float[x.length];
    // Two logarithms per element (a VAE's 64×784 outputs: a fifth of its training step), so the
    // elements are shared by the cores; the sum below stays sequential, in one order.
    Parallel.Range perElement =
        (from, to) -> {
          for (int i = from; i < to; i++) {
            double xi = x[i];
            // ln(1 − x) as Math.log(1 − x), like PyTorch (which does it in float), not
            // Math.log1p(−x): log is a JIT intrinsic, log1p is not (it was 16% of the VAE's
            // training step; this loss forward runs about twice as fast with log). For a float x
            // >= 2⁻²⁹, 1 − x is exact in double and both agree to the last bit; below, the
            // absolute error stays under 2⁻⁵³.
            // A target of exactly 0 or 1 (a class label, a blank pixel) weights one of the two
            // logarithms by 0: it is skipped. The result is the same float, since the clamped
            // logarithm is finite and 0 times it adds nothing; half the logarithms of an image
            // of mostly blank pixels are never computed.
            double yi = y[i];
            double logX = yi == 0 ? 0 : Math.max(Math.log(xi), LOG_CLAMP);
            double log1mX = yi == 1 ? 0 : Math.max(Math.log(1.0 - xi), LOG_CLAMP);
            double li = -(yi * logX + (1 - yi) * log1mX);
            l[i] = (float) (w == null ? li : w[i % w.length] * li);
          }
        };
    Parallel.parallelFor(x.length, GRAIN, perElement);
    Tensor loss = reduction.reduce(l, shape, 0);
    if (reduced) {
      ArrayPool.give(l);
    }
    return loss;
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    // Written whole, and handed to the engine, which gives it back once it is consumed.
    float[] d = ArrayPool.takeUninitialised(x.length);
    for (int i = 0; i < d.length; i++) {
      double xi = x[i];
      double di = (xi - y[i]) / Math.max((1 - xi) * xi, EPSILON);
      d[i] = (float) (w == null ? di : w[i % w.length] * di);
    }
    return new Tensor[] {Tensor.wrap(reduction.chain(d, gradOut, 0), shape), null};
  }
}
