package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.Kernels;
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
          // A row is worked on in arrays of its own, every one read and written at the same index:
          // C2 vectorises only such loops (see LstmCellBlock). The row is copied in and out.
          float[] row = Scratch.get(Scratch.ROW, d);
          float[] out = Scratch.get(Scratch.ROW + 1, d);
          for (int r = start; r < end; r++) {
            int o = r * d;
            System.arraycopy(xd, o, row, 0, d);
            // Two passes over the row: the mean first, then the squares about it (more accurate
            // in float than E[x²] − E[x]²).
            float mean = Kernels.sum(row, 0, d) / d;
            for (int j = 0; j < d; j++) row[j] -= mean;
            float is = (float) (1.0 / Math.sqrt(dot(row, row, d) / d + eps));
            invStd[r] = is;
            for (int j = 0; j < d; j++) row[j] *= is;
            System.arraycopy(row, 0, xhat, o, d);
            if (g == null) {
              System.arraycopy(row, 0, y, o, d);
            } else {
              for (int j = 0; j < d; j++) out[j] = g[j] * row[j] + b[j];
              System.arraycopy(out, 0, y, o, d);
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
    boolean sums = affine && (needsInputGrad(1) || needsInputGrad(2));
    // One block of rows per core. dγ and dβ are sums over all rows: each block sums its rows in
    // this thread's own arrays (Scratch) and writes its share once; the shares are added in block
    // order. (Added into per-core arrays at every row, the sums were slower on two threads than
    // on one: small arrays taken one after the other share cache lines. Summed afterwards on the
    // calling thread, they left the other core idle for a pass over the gradient.)
    int blocks = BlockPartials.count(rows, GRAIN);
    float[][] dg = sums ? BlockPartials.take(blocks, d, false) : null;
    float[][] db = sums ? BlockPartials.take(blocks, d, false) : null;
    Parallel.parallelFor(
        blocks,
        1,
        (first, last) -> {
          float[] gr = Scratch.get(Scratch.ROW, d);
          float[] xr = Scratch.get(Scratch.ROW + 1, d);
          float[] gh = Scratch.get(Scratch.ROW + 2, d);
          float[] sg = sums ? Scratch.get(Scratch.ROW + 3, d) : null;
          float[] sb = sums ? Scratch.get(Scratch.ROW + 4, d) : null;
          for (int c = first; c < last; c++) {
            int start = BlockPartials.start(rows, c, blocks);
            int end = BlockPartials.start(rows, c + 1, blocks);
            if (sums) {
              Arrays.fill(sg, 0, d, 0f);
              Arrays.fill(sb, 0, d, 0f);
            }
            for (int r = start; r < end; r++) {
              int o = r * d;
              System.arraycopy(gy, o, gr, 0, d);
              System.arraycopy(xhat, o, xr, 0, d);
              if (sums) {
                for (int j = 0; j < d; j++) {
                  sg[j] += gr[j] * xr[j];
                  sb[j] += gr[j];
                }
              }
              if (dx != null) rowGradient(gr, xr, g, gh, invStd[r], dx, o);
            }
            if (sums) {
              System.arraycopy(sg, 0, dg[c], 0, d);
              System.arraycopy(sb, 0, db[c], 0, d);
            }
          }
        });
    Tensor gx = dx == null ? null : Tensor.wrap(dx, shape);
    if (!affine) return new Tensor[] {gx};
    Tensor dGamma =
        sums ? BlockPartials.gradient(needsInputGrad(1), BlockPartials.sum(dg), in1Shape()) : null;
    Tensor dBeta =
        sums ? BlockPartials.gradient(needsInputGrad(2), BlockPartials.sum(db), in1Shape()) : null;
    return new Tensor[] {gx, dGamma, dBeta};
  }

  /**
   * dx for one row, from its copies {@code gr} (the gradient reaching y) and {@code xr} (x̂): the
   * closed form of the class comment. {@code gh} receives ĝ and then dx's row, copied to {@code o}.
   */
  private void rowGradient(
      float[] gr, float[] xr, float[] g, float[] gh, float is, float[] dx, int o) {
    if (g == null) {
      System.arraycopy(gr, 0, gh, 0, d);
    } else {
      for (int j = 0; j < d; j++) gh[j] = gr[j] * g[j];
    }
    float sumG = Kernels.sum(gh, 0, d), sumGx = dot(gh, xr, d);
    float k = is / d;
    for (int j = 0; j < d; j++) gh[j] = k * (d * gh[j] - sumG - xr[j] * sumGx);
    System.arraycopy(gh, 0, dx, o, d);
  }

  /** {@code Σ a[j]·b[j]} over {@code j < len}, with four running sums. */
  private static float dot(float[] a, float[] b, int len) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int j = 0;
    for (; j + 3 < len; j += 4) {
      s0 += a[j] * b[j];
      s1 += a[j + 1] * b[j + 1];
      s2 += a[j + 2] * b[j + 2];
      s3 += a[j + 3] * b[j + 3];
    }
    for (; j < len; j++) s0 += a[j] * b[j];
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
