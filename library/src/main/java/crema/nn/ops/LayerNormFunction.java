package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.Parallel;
import crema.backend.Scratch;
import crema.tensor.Function;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * Layer normalisation of every row of {@code x}, fused into one node: the last {@code D} values of
 * each sample (the normalised dimensions, flattened) form a row, and every row is normalised on its
 * own.
 *
 * <p>Forward, per row of {@code D} values:
 *
 * <pre>
 * μ = Σ x / D      σ² = Σ (x − μ)² / D      x̂ = (x − μ) / √(σ² + ε)      y = γ ⊙ x̂ + β
 * </pre>
 *
 * <p>Backward, with {@code g = dL/dy} and {@code ĝ = g ⊙ γ} (the gradient that reaches x̂); because
 * μ and σ depend on the whole row, the closed form has two row sums:
 *
 * <pre>
 * dx = (D·ĝ − Σ ĝ − x̂ · Σ ĝ⊙x̂) / (D·√(σ² + ε))      dγ = Σ_rows g ⊙ x̂      dβ = Σ_rows g
 * </pre>
 *
 * The composed version (mean, sub, mul, mean, add, sqrt, div, mul, add) makes nine nodes and nine
 * temporaries of the size of {@code x}; this one keeps only {@code x̂} and one {@code 1/σ} per row.
 *
 * <pre>{@code
 * // x [2, 10, 64], normalised over the last 64 values
 * Tensor y = new LayerNormFunction(64, 1e-5f).apply(x, gamma, beta);   // gamma, beta [64]
 * }</pre>
 */
public final class LayerNormFunction extends Function {
  /** Rows per parallel chunk: below this the pool costs more than the arithmetic. */
  private static final int GRAIN = 256;

  private final int d;
  private final float eps;
  private int[] shape;
  private int rows;
  private float[] xhat;
  private float[] invStd;
  private Tensor gamma;
  private boolean affine;

  /**
   * @param normalizedSize {@code D}, the number of values normalised together (the product of the
   *     normalised shape)
   * @param eps added to the variance for numerical stability
   */
  public LayerNormFunction(int normalizedSize, float eps) {
    if (normalizedSize <= 0) {
      throw new IllegalArgumentException("layerNorm: the normalised size must be positive");
    }
    this.d = normalizedSize;
    this.eps = eps;
  }

  /**
   * Inputs: {@code x}, then optionally {@code gamma} and {@code beta}, each of {@code D} values.
   */
  @Override
  protected Tensor forward(Tensor... in) {
    Tensor x = in[0];
    shape = x.shape();
    int n = x.numel();
    if (n % d != 0 || (shape.length > 0 && shape[shape.length - 1] > d)) {
      throw new IllegalArgumentException(
          "layerNorm: input " + Arrays.toString(shape) + " does not end in " + d + " values");
    }
    affine = in.length == 3;
    for (int i = 1; i < in.length; i++) {
      if (in[i].numel() != d) {
        throw new IllegalArgumentException(
            "layerNorm: "
                + (i == 1 ? "weight" : "bias")
                + " has shape "
                + Arrays.toString(in[i].shape())
                + ", expected "
                + d
                + " values");
      }
    }
    gamma = affine ? in[1] : null;
    rows = n / d;
    float[] xd = x.data();
    // All three are written row by row, every element.
    float[] y = ArrayPool.takeUninitialised(n);
    xhat = ArrayPool.takeUninitialised(n);
    invStd = ArrayPool.takeUninitialised(rows);
    float[] g = affine ? in[1].data() : null;
    float[] b = affine ? in[2].data() : null;
    Parallel.parallelFor(
        rows,
        GRAIN,
        (start, end) -> {
          for (int r = start; r < end; r++) {
            int o = r * d;
            // Two passes over a row that sits in L1: the mean first, then the squares about it
            // (more accurate in float than E[x²] − E[x]²).
            float mean = sum(xd, o, d) / d;
            float is = (float) (1.0 / Math.sqrt(centre(xd, o, mean, xhat) / d + eps));
            invStd[r] = is;
            // Normalised and scaled in one pass over the row.
            for (int j = 0; j < d; j++) {
              float v = xhat[o + j] * is;
              xhat[o + j] = v;
              y[o + j] = g == null ? v : g[j] * v + b[j];
            }
          }
        });
    return Tensor.wrap(y, shape);
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] gy = gradOut.data();
    float[] g = gamma == null ? null : gamma.data();
    float[] dx = needsInputGrad(0) ? ArrayPool.takeUninitialised(gy.length) : null;
    boolean columnSums = affine && (needsInputGrad(1) || needsInputGrad(2));
    // dγ and dβ are sums over all rows: each block of rows sums into arrays of its own, beside its
    // rows' dx, and the blocks' sums are added in block order (the result does not depend on which
    // thread ran which block). One serial pass over all rows instead cost the transformer's step
    // a core's worth of waiting.
    int blocks = Math.max(1, Math.min(Parallel.threads(), rows / GRAIN));
    float[][] dg = columnSums ? BlockPartials.take(blocks, d, true) : null;
    float[][] db = columnSums ? BlockPartials.take(blocks, d, true) : null;
    Parallel.parallelFor(
        blocks,
        1,
        (first, last) -> {
          for (int c = first; c < last; c++) {
            int start = (int) ((long) rows * c / blocks);
            int end = (int) ((long) rows * (c + 1) / blocks);
            for (int r = start; r < end; r++) {
              int o = r * d;
              if (columnSums) columnSums(gy, o, dg[c], db[c]);
              if (dx != null) rowGradient(gy, g, r, dx);
            }
          }
        });
    Tensor gx = dx == null ? null : Tensor.wrap(dx, shape);
    if (!affine) return new Tensor[] {gx};
    float[] dGamma = columnSums ? BlockPartials.sum(dg) : null;
    float[] dBeta = columnSums ? BlockPartials.sum(db) : null;
    return new Tensor[] {
      gx,
      BlockPartials.gradient(needsInputGrad(1), dGamma, in1Shape()),
      BlockPartials.gradient(needsInputGrad(2), dBeta, in1Shape())
    };
  }

  /** Adds the row at {@code o}'s share of dγ ({@code g ⊙ x̂}) and dβ ({@code g}). */
  private void columnSums(float[] gy, int o, float[] dg, float[] db) {
    for (int j = 0; j < d; j++) {
      dg[j] += gy[o + j] * xhat[o + j];
      db[j] += gy[o + j];
    }
  }

  /** dx for row {@code r}: the closed form of the class comment, its two sums in one pass. */
  private void rowGradient(float[] gy, float[] g, int r, float[] dx) {
    int o = r * d;
    float[] gh = gHat(gy, g, o);
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0; // Σ ĝ
    float t0 = 0, t1 = 0, t2 = 0, t3 = 0; // Σ ĝ⊙x̂
    int j = 0;
    for (; j + 3 < d; j += 4) {
      s0 += gh[j];
      s1 += gh[j + 1];
      s2 += gh[j + 2];
      s3 += gh[j + 3];
      t0 += gh[j] * xhat[o + j];
      t1 += gh[j + 1] * xhat[o + j + 1];
      t2 += gh[j + 2] * xhat[o + j + 2];
      t3 += gh[j + 3] * xhat[o + j + 3];
    }
    for (; j < d; j++) {
      s0 += gh[j];
      t0 += gh[j] * xhat[o + j];
    }
    float sumG = (s0 + s1) + (s2 + s3), sumGx = (t0 + t1) + (t2 + t3);
    float k = invStd[r] / d;
    for (j = 0; j < d; j++) dx[o + j] = k * (d * gh[j] - sumG - xhat[o + j] * sumGx);
  }

  /** {@code ĝ = g ⊙ γ} for the row at {@code o}, in this thread's scratch buffer. */
  private float[] gHat(float[] gy, float[] g, int o) {
    float[] gh = Scratch.get(0, d);
    if (g == null) {
      System.arraycopy(gy, o, gh, 0, d);
    } else {
      for (int j = 0; j < d; j++) gh[j] = gy[o + j] * g[j];
    }
    return gh;
  }

  /** {@code a[o] + ... + a[o + len − 1]} with four running sums, which the CPU adds in parallel. */
  private static float sum(float[] a, int o, int len) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int j = 0;
    for (; j + 3 < len; j += 4) {
      s0 += a[o + j];
      s1 += a[o + j + 1];
      s2 += a[o + j + 2];
      s3 += a[o + j + 3];
    }
    for (; j < len; j++) s0 += a[o + j];
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * Writes the row at {@code o} less its mean into {@code c} and returns the sum of its squares, in
   * one pass, with four running sums.
   */
  private float centre(float[] x, int o, float mean, float[] c) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int j = 0;
    for (; j + 3 < d; j += 4) {
      float c0 = x[o + j] - mean, c1 = x[o + j + 1] - mean;
      float c2 = x[o + j + 2] - mean, c3 = x[o + j + 3] - mean;
      c[o + j] = c0;
      c[o + j + 1] = c1;
      c[o + j + 2] = c2;
      c[o + j + 3] = c3;
      s0 += c0 * c0;
      s1 += c1 * c1;
      s2 += c2 * c2;
      s3 += c3 * c3;
    }
    for (; j < d; j++) {
      float cj = x[o + j] - mean;
      c[o + j] = cj;
      s0 += cj * cj;
    }
    return (s0 + s1) + (s2 + s3);
  }

  private int[] in1Shape() {
    return gamma.shape();
  }

  /** The normalised input and the inverse deviations are this node's alone: back to the pool. */
  @Override
  protected void releaseSaved() {
    ArrayPool.give(xhat);
    ArrayPool.give(invStd);
    xhat = invStd = null;
  }
}
