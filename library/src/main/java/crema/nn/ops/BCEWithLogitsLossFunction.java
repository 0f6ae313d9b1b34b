package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.ExpKernels;
import crema.backend.LogKernels;
import crema.backend.Parallel;
import crema.backend.Scratch;
import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * A sigmoid and binary cross-entropy fused into one numerically stable step, on logits {@code x}
 * and targets {@code y}:
 *
 * <pre>
 *   lᵢ = wᵢ [ (1 − yᵢ) xᵢ + (1 + (pᵢ − 1) yᵢ) · (ln(1 + e^−|xᵢ|) + max(−xᵢ, 0)) ]
 *   ∂lᵢ/∂xᵢ = wᵢ [ (1 + (pᵢ − 1) yᵢ) σ(xᵢ) − pᵢ yᵢ ]            (= wᵢ (σ(xᵢ) − yᵢ) when p = 1)
 * </pre>
 *
 * The weight {@code w} and the positive weight {@code p} (either may be null) broadcast from the
 * right. Inputs: logits and targets of one shape; only the logits get a gradient.
 */
public final class BCEWithLogitsLossFunction extends Function {
  /** Elements per piece of the loss and of its gradient. */
  private static final int GRAIN = 1 << 12;

  /** Elements whose exponentials and logarithms are taken in one call of the kernels. */
  private static final int CHUNK = 256;

  private final LossReduction reduction;
  private final float[] w;
  private final float[] p;
  private float[] x;
  private float[] y;
  private int[] shape;

  public BCEWithLogitsLossFunction(LossReduction reduction, float[] w, float[] p) {
    this.reduction = reduction;
    this.w = w;
    this.p = p;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    x = in[0].data(); // kept by reference for backward: forward never writes into them
    y = in[1].data();
    shape = in[0].shape();
    // An exponential and a logarithm per element (a VAE's 64×784 logits), shared by the cores.
    return reduction.reduceElementwise(x.length, shape, 0, GRAIN, this::losses);
  }

  /**
   * {@code l[i]} for {@code i} in {@code [from, to)}, a chunk at a time, in float: {@code t =
   * e^−|x|} by {@link ExpKernels} and {@code ln(1 + t)} by {@link LogKernels} for the whole chunk,
   * then the weighted sum. (Loops of {@code Math.log1p(Math.exp(..))} and {@code Math.exp} in
   * double, on the calling thread alone, took about 1.4 ms of the course VAE's 4 ms step for the
   * loss and its gradient.)
   */
  private void losses(float[] l, int from, int to) {
    float[] t = Scratch.get(Scratch.ROW, CHUNK);
    float[] lnU = Scratch.get(Scratch.ROW + 1, CHUNK);
    for (int c = from; c < to; c += CHUNK) {
      int n = Math.min(CHUNK, to - c);
      for (int i = 0; i < n; i++) {
        t[i] = -Math.abs(x[c + i]);
      }
      ExpKernels.exp(t, 0, 0f, t, 0, n);
      for (int i = 0; i < n; i++) {
        lnU[i] = 1f + t[i];
      }
      LogKernels.log(lnU, 0, lnU, 0, n);
      for (int i = 0; i < n; i++) {
        float xi = x[c + i];
        float yi = y[c + i];
        // ln(1 + t) = ln u + δ / u for u = 1 + t rounded and δ = t − (u − 1) its rounding error
        // (u − 1 is exact): a large |x|, whose t is tiny, keeps its tiny softplus.
        float u = 1f + t[i];
        float softplusNeg = lnU[i] + (t[i] - (u - 1f)) / u + Math.max(-xi, 0f);
        float logWeight = p == null ? 1f : 1f + (p[(c + i) % p.length] - 1f) * yi;
        float li = (1f - yi) * xi + logWeight * softplusNeg;
        l[c + i] = w == null ? li : w[(c + i) % w.length] * li;
      }
    }
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    // Written whole, and handed to the engine, which gives it back once it is consumed.
    float[] d = ArrayPool.takeUninitialised(x.length);
    Parallel.parallelFor(x.length, GRAIN, (from, to) -> derivatives(d, from, to));
    return new Tensor[] {Tensor.wrap(reduction.chain(d, gradOut, 0), shape), null};
  }

  /**
   * {@code d[i]} for {@code i} in {@code [from, to)}: σ by {@link ExpKernels}, then the formula.
   */
  private void derivatives(float[] d, int from, int to) {
    ExpKernels.sigmoid(x, from, d, from, to - from);
    for (int i = from; i < to; i++) {
      float sig = d[i];
      float di;
      if (p == null) {
        di = sig - y[i];
      } else {
        float py = p[i % p.length] * y[i];
        di = (py + 1f - y[i]) * sig - py;
      }
      d[i] = w == null ? di : w[i % w.length] * di;
    }
  }
}
