package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.Parallel;
import crema.tensor.Function;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * Batch normalisation over channel 1 of {@code x [N, C]}, {@code [N, C, L]} or {@code [N, C, H,
 * W]}: every other dimension is averaged over ({@code M = N·L} or {@code N·H·W} values per
 * channel).
 *
 * <p>Forward, per channel {@code c}:
 *
 * <pre>
 * x̂ = (x − μ_c) / √(σ²_c + ε)        y = γ_c · x̂ + β_c
 * </pre>
 *
 * In training {@code μ, σ²} are the batch's mean and biased variance, and the running statistics
 * (if given) move towards them: {@code running = (1 − momentum)·running + momentum·stat}, with the
 * unbiased variance {@code σ²·M/(M−1)}, as in PyTorch. In evaluation the running statistics are
 * used instead.
 *
 * <p>Backward in training, where {@code μ} and {@code σ} depend on every input, with {@code g =
 * dL/dy}:
 *
 * <pre>
 * dγ_c = Σ g·x̂     dβ_c = Σ g     dx = γ_c / (M·√(σ²_c + ε)) · (M·g − Σ g − x̂·Σ g·x̂)
 * </pre>
 *
 * and in evaluation, where the statistics are constants, {@code dx = g·γ_c / √(σ²_c + ε)}.
 *
 * <pre>{@code
 * Tensor y = new BatchNormFunction(runningMean, runningVar, numBatchesTracked, true, 0.1, 1e-5)
 *     .apply(x, gamma, beta);        // or F.batchNorm(...)
 * }</pre>
 */
public final class BatchNormFunction extends Function {
  private final Tensor runningMean;
  private final Tensor runningVar;
  private final Tensor numBatchesTracked;
  private final boolean training;
  private final double momentum;
  private final double eps;
  private int[] shape;
  private int n, c, s;
  private float[] xhat;
  private float[] invStd;
  private Tensor gamma;
  private boolean affine;

  /**
   * @param runningMean running mean {@code [C]} updated in training (may be null: then batch
   *     statistics are used in evaluation too)
   * @param runningVar running variance {@code [C]} (null exactly when runningMean is)
   * @param numBatchesTracked a one-element counter incremented in training (may be null)
   * @param training use batch statistics (and update the running ones) rather than running ones
   * @param momentum weight of the new batch in the running statistics
   * @param eps added to the variance for numerical stability
   */
  public BatchNormFunction(
      Tensor runningMean,
      Tensor runningVar,
      Tensor numBatchesTracked,
      boolean training,
      double momentum,
      double eps) {
    if ((runningMean == null) != (runningVar == null)) {
      throw new IllegalArgumentException("batchNorm: give both running mean and variance, or none");
    }
    this.runningMean = runningMean;
    this.runningVar = runningVar;
    this.numBatchesTracked = numBatchesTracked;
    this.training = training || runningMean == null;
    this.momentum = momentum;
    this.eps = eps;
  }

  /** Inputs: {@code x}, then optionally {@code gamma [C]} and {@code beta [C]}. */
  @Override
  protected Tensor forward(Tensor... in) {
    Tensor x = in[0];
    shape = x.shape();
    if (shape.length < 2) {
      throw new IllegalArgumentException(
          "batchNorm: expects input [N, C, ...], got " + Arrays.toString(shape));
    }
    n = shape[0];
    c = shape[1];
    s = 1;
    for (int i = 2; i < shape.length; i++) s *= shape[i];
    affine = in.length == 3;
    gamma = affine ? in[1] : null;
    for (int i = 1; i < in.length; i++) checkChannel(i == 1 ? "weight" : "bias", in[i]);
    if (runningMean != null) {
      checkChannel("running_mean", runningMean);
      checkChannel("running_var", runningVar);
    }
    int m = n * s;
    if (training && m <= 1) {
      throw new IllegalArgumentException(
          "batchNorm: expected more than 1 value per channel when training, got input "
              + Arrays.toString(shape));
    }
    float[] xd = x.data();
    // From the pool, not new: a CNN's [64, 32, 28, 28] activation is 6.4 MB, and fresh arrays that
    // size each step cost more than the arithmetic (docs/memory.md). All three are written whole.
    float[] y = ArrayPool.takeUninitialised(xd.length);
    xhat = ArrayPool.takeUninitialised(xd.length);
    invStd = ArrayPool.takeUninitialised(c);
    float[] g = affine ? in[1].data() : null;
    float[] b = affine ? in[2].data() : null;
    // Channels are independent, and each is summed by one thread in one order: the same numbers
    // on any number of cores.
    Parallel.parallelFor(
        c,
        channelGrain(m),
        (first, last) -> {
          for (int ch = first; ch < last; ch++) normaliseChannel(ch, xd, y, g, b);
        });
    if (training && numBatchesTracked != null) numBatchesTracked.data()[0] += 1f;
    return Tensor.wrap(y, shape);
  }

  /** Channels per piece of a parallel loop: at least about 16k values, as the elementwise loops. */
  private static int channelGrain(int valuesPerChannel) {
    return Math.max(1, (1 << 14) / Math.max(1, valuesPerChannel));
  }

  /** Forward of one channel: its statistics (and running ones), {@code x̂} and {@code y}. */
  private void normaliseChannel(int ch, float[] xd, float[] y, float[] g, float[] b) {
    int m = n * s;
    double mean, var;
    if (training) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        int base = (i * c + ch) * s;
        for (int j = 0; j < s; j++) sum += xd[base + j];
      }
      mean = sum / m;
      double sq = 0;
      for (int i = 0; i < n; i++) {
        int base = (i * c + ch) * s;
        for (int j = 0; j < s; j++) {
          double d = xd[base + j] - mean;
          sq += d * d;
        }
      }
      var = sq / m;
      if (runningMean != null) {
        float[] rm = runningMean.data(), rv = runningVar.data();
        rm[ch] = (float) ((1 - momentum) * rm[ch] + momentum * mean);
        rv[ch] = (float) ((1 - momentum) * rv[ch] + momentum * var * m / (m - 1));
      }
    } else {
      mean = runningMean.data()[ch];
      var = runningVar.data()[ch];
    }
    float is = (float) (1.0 / Math.sqrt(var + eps));
    invStd[ch] = is;
    float fm = (float) mean;
    float gc = g == null ? 1f : g[ch], bc = b == null ? 0f : b[ch];
    for (int i = 0; i < n; i++) {
      int base = (i * c + ch) * s;
      for (int j = 0; j < s; j++) {
        float xh = (xd[base + j] - fm) * is;
        xhat[base + j] = xh;
        y[base + j] = gc * xh + bc;
      }
    }
  }

  private void checkChannel(String what, Tensor t) {
    if (t.dim() != 1 || t.size(0) != c) {
      throw new IllegalArgumentException(
          "batchNorm: "
              + what
              + " must be ["
              + c
              + "] for input "
              + Arrays.toString(shape)
              + ", got "
              + Arrays.toString(t.shape()));
    }
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] gy = gradOut.data();
    float[] g = gamma == null ? null : gamma.data();
    float[] dx = needsInputGrad(0) ? ArrayPool.takeUninitialised(gy.length) : null; // written whole
    float[] dg = new float[c], db = new float[c];
    Parallel.parallelFor(
        c,
        channelGrain(n * s),
        (first, last) -> {
          for (int ch = first; ch < last; ch++) backwardChannel(ch, gy, g, dx, dg, db);
        });
    Tensor gx = dx == null ? null : Tensor.wrap(dx, shape);
    if (!affine) return new Tensor[] {gx};
    return new Tensor[] {gx, Tensor.wrap(dg, c), Tensor.wrap(db, c)};
  }

  /** Backward of one channel: {@code dγ_c}, {@code dβ_c} and the channel's part of {@code dx}. */
  private void backwardChannel(int ch, float[] gy, float[] g, float[] dx, float[] dg, float[] db) {
    int m = n * s;
    double sumG = 0, sumGx = 0;
    for (int i = 0; i < n; i++) {
      int base = (i * c + ch) * s;
      for (int j = 0; j < s; j++) {
        sumG += gy[base + j];
        sumGx += (double) gy[base + j] * xhat[base + j];
      }
    }
    dg[ch] = (float) sumGx;
    db[ch] = (float) sumG;
    if (dx == null) return;
    float gc = g == null ? 1f : g[ch];
    if (training) {
      float k = gc * invStd[ch] / m;
      float mg = (float) sumG, mgx = (float) sumGx;
      for (int i = 0; i < n; i++) {
        int base = (i * c + ch) * s;
        for (int j = 0; j < s; j++) {
          dx[base + j] = k * (m * gy[base + j] - mg - xhat[base + j] * mgx);
        }
      }
    } else {
      float k = gc * invStd[ch];
      for (int i = 0; i < n; i++) {
        int base = (i * c + ch) * s;
        for (int j = 0; j < s; j++) dx[base + j] = k * gy[base + j];
      }
    }
  }

  /** The normalised input and the inverse deviations are this node's alone: back to the pool. */
  @Override
  protected void releaseSaved() {
    if (xhat != null) {
      ArrayPool.give(xhat);
      ArrayPool.give(invStd);
      xhat = invStd = null;
    }
  }
}
