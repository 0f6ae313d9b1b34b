package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.LogKernels;
import crema.backend.Scratch;
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
  private static final float LOG_CLAMP = -100f;
  private static final double EPSILON = 1e-12;

  /** Elements per piece of the loss: about 10 us of logarithms. */
  private static final int GRAIN = 1 << 12;

  /** Elements whose logarithms are taken in one call of the kernel (scratch rows of this size). */
  private static final int CHUNK = 256;

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
    // Two logarithms per element (a VAE's 64×784 outputs), shared by the cores.
    return reduction.reduceElementwise(x.length, shape, 0, GRAIN, this::losses);
  }

  /**
   * {@code l[i]} for {@code i} in {@code [from, to)}, a chunk at a time: both logarithms of the
   * chunk by {@link LogKernels} (in float, like PyTorch; a loop of {@link Math#log} in double was
   * four times slower and a fifth of a VAE's training step), then the weighted sum, on copies of
   * the chunk so that every array in the loop has the same index (the loops C2 vectorises). With
   * {@code x} in {@code [0, 1]} (checked by {@link crema.nn.BCELoss}) both clamped logarithms are
   * finite, so a target of exactly 0 or 1 weights one of them by 0 and it adds nothing.
   */
  private void losses(float[] l, int from, int to) {
    float[] xs = Scratch.get(Scratch.ROW, CHUNK);
    float[] ys = Scratch.get(Scratch.ROW + 1, CHUNK);
    float[] logX = Scratch.get(Scratch.ROW + 2, CHUNK);
    float[] log1mX = Scratch.get(Scratch.ROW + 3, CHUNK);
    for (int c = from; c < to; c += CHUNK) {
      int n = Math.min(CHUNK, to - c);
      System.arraycopy(x, c, xs, 0, n);
      System.arraycopy(y, c, ys, 0, n);
      for (int i = 0; i < n; i++) {
        log1mX[i] = 1f - xs[i];
      }
      LogKernels.log(xs, 0, logX, 0, n);
      LogKernels.log(log1mX, 0, log1mX, 0, n);
      for (int i = 0; i < n; i++) {
        float xi = xs[i];
        float yi = ys[i];
        // 1 − x rounded to float is u = 1 − x − δ, δ = (1 − u) − x exactly (both differences are
        // exact in float); ln(1 − x) = ln u + δ / u to within δ², so a probability next to 0
        // keeps its tiny loss (−ln(1 − 10⁻⁶) is 1.0000005e-6, not the 9.5e-7 of ln u alone).
        float u = 1f - xi;
        float log1m = log1mX[i] + ((1f - u) - xi) / Math.max(u, Float.MIN_NORMAL); // x = 1: δ = 0
        logX[i] = -(yi * Math.max(logX[i], LOG_CLAMP) + (1f - yi) * Math.max(log1m, LOG_CLAMP));
      }
      if (w != null) {
        for (int i = 0; i < n; i++) {
          logX[i] *= w[(c + i) % w.length];
        }
      }
      System.arraycopy(logX, 0, l, c, n);
    }
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
