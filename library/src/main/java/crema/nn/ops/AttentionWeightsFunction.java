package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.Blas;
import crema.backend.ExpKernels;
import crema.backend.MatrixView;
import crema.backend.Parallel;
import crema.backend.Scratch;
import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * The attention weights of every (sample, head) pair, fused into one node: scores, mask and
 * softmax.
 *
 * <pre>
 * A = softmax(s · Q·Kᵀ + M)     row by row,   s = 1/√d_k,   Q [L, d_k], K [S, d_k], A [L, S]
 * </pre>
 *
 * <p>Backward, with {@code G = dL/dA}: the softmax's Jacobian gives the gradient of the scores
 * {@code dZ = A ⊙ (G − rowsum(G ⊙ A))}, and then two GEMMs
 *
 * <pre>
 * dQ = s · dZ · K        dK = s · dZᵀ · Q
 * </pre>
 *
 * Q and K are read in place through a {@link HeadLayout} (no head split copies); their gradients
 * are written in the same layout. The (sample, head) pairs are independent and are split across the
 * cores; each GEMM is small, so BLAS runs single-threaded inside a worker. The weights {@code [B,
 * H, L, S]} are this node's output, so they stay differentiable (a loss may use them) and can be
 * drawn as heatmaps.
 *
 * <pre>{@code
 * // self-attention, 4 heads of 16, Q and K inside the packed projection qkv [B, T, 192]
 * var fn = new AttentionWeightsFunction(b, 4, t, t, 16,
 *     HeadLayout.sideBySide(t, 192, 0, 16), HeadLayout.sideBySide(t, 192, 64, 16),
 *     null, new int[] {b, 4, t, t});
 * Tensor weights = fn.apply(qkv);   // one input: Q and K live in the same tensor
 * }</pre>
 */
public final class AttentionWeightsFunction extends Function {
  /**
   * An additive mask: {@code M[b, h, i, j] = values[b·batchStride + h·headStride + i·S + j]}, with
   * {@code −∞} where query {@code i} must not look at key {@code j}. A stride of 0 shares the mask
   * (e.g. {@code headStride = 0} for one mask per sample, broadcast over heads).
   */
  public record Mask(float[] values, int batchStride, int headStride) {}

  /** (Sample, head) pairs per parallel chunk. */
  private static final int GRAIN = 4;

  private final int batch;
  private final int heads;
  private final int l;
  private final int s;
  private final int dk;
  private final HeadLayout qLayout;
  private final HeadLayout kLayout;
  private final Mask mask;
  private final int[] outShape;
  private final float scale;
  private float[] q;
  private float[] k;
  private float[] weights;
  private boolean packed;

  /**
   * @param batch samples {@code B}
   * @param heads heads {@code H}
   * @param l queries per sample
   * @param s keys per sample
   * @param dk the dimension of one head's queries and keys
   * @param qLayout where the queries lie in the first input
   * @param kLayout where the keys lie in the second input (in the first, if only one is given)
   * @param mask an additive mask, or null
   * @param outShape the shape of the weights: {@code B·H·L·S} values, e.g. {@code [B, H, L, S]}
   */
  public AttentionWeightsFunction(
      int batch,
      int heads,
      int l,
      int s,
      int dk,
      HeadLayout qLayout,
      HeadLayout kLayout,
      Mask mask,
      int[] outShape) {
    long n = 1;
    for (int v : outShape) n *= v;
    if (n != (long) batch * heads * l * s) {
      throw new IllegalArgumentException(
          "attention: weights shape " + java.util.Arrays.toString(outShape) + " is not B·H·L·S");
    }
    this.batch = batch;
    this.heads = heads;
    this.l = l;
    this.s = s;
    this.dk = dk;
    this.qLayout = qLayout;
    this.kLayout = kLayout;
    this.mask = mask;
    this.outShape = outShape.clone();
    this.scale = (float) (1.0 / Math.sqrt(dk));
  }

  /** Inputs: the tensor holding the queries and the one holding the keys, or one holding both. */
  @Override
  protected Tensor forward(Tensor... in) {
    packed = in.length == 1;
    Tensor qt = in[0];
    Tensor kt = packed ? in[0] : in[1];
    qLayout.check("queries", qt, batch, heads, l, dk);
    kLayout.check("keys", kt, batch, heads, s, dk);
    q = qt.data();
    k = kt.data();
    // Written whole: one product (beta = 0) per batch and head, then the softmax in place.
    float[] a = ArrayPool.takeUninitialised(batch * heads * l * s);
    Parallel.parallelFor(
        batch * heads,
        GRAIN,
        (start, end) -> {
          for (int p = start; p < end; p++) {
            int b = p / heads, h = p % heads, o = p * l * s;
            Blas.sgemm(
                scale,
                MatrixView.of(q, qLayout.at(b, h), l, dk, qLayout.rowStride()),
                MatrixView.of(k, kLayout.at(b, h), s, dk, kLayout.rowStride()).t(),
                0f,
                MatrixView.of(a, o, l, s));
            int m = mask == null ? -1 : b * mask.batchStride() + h * mask.headStride();
            for (int i = 0; i < l; i++) shiftRow(a, o + i * s, m < 0 ? -1 : m + i * s);
            // One call for the block's l·s exponentials: the array kernel runs vectorised,
            // where one call per element did not (a tenth of a transformer step's time).
            ExpKernels.exp(a, o, 0f, a, o, l * s);
            for (int i = 0; i < l; i++) normaliseRow(a, o + i * s);
          }
        });
    weights = a;
    return Tensor.wrap(a, outShape);
  }

  /**
   * Adds the mask row (if any) and subtracts the row's maximum, the first half of its softmax. A
   * row masked everywhere has max = −∞ and gives NaN, as the composed softmax (and PyTorch) do.
   */
  private void shiftRow(float[] a, int o, int m) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < s; j++) {
      if (m >= 0) a[o + j] += mask.values()[m + j];
      max = Math.max(max, a[o + j]);
    }
    for (int j = 0; j < s; j++) a[o + j] -= max;
  }

  /** Divides a row of exponentials by their sum, the second half of its softmax. */
  private void normaliseRow(float[] a, int o) {
    float sum = 0;
    for (int j = 0; j < s; j++) sum += a[o + j];
    float inv = 1f / sum;
    for (int j = 0; j < s; j++) a[o + j] *= inv;
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] g = gradOut.data();
    boolean wantQ = needsInputGrad(0);
    boolean wantK = packed ? wantQ : needsInputGrad(1);
    float[] dq = wantQ ? ArrayPool.take(q.length) : null;
    float[] dk0 = !wantK ? null : packed ? dq : ArrayPool.take(k.length);
    Parallel.parallelFor(
        batch * heads,
        GRAIN,
        (start, end) -> {
          float[] dz = Scratch.get(0, l * s);
          for (int p = start; p < end; p++) {
            int b = p / heads, h = p % heads, o = p * l * s;
            for (int i = 0; i < l; i++) {
              int r = o + i * s;
              float dot = 0;
              for (int j = 0; j < s; j++) dot += g[r + j] * weights[r + j];
              for (int j = 0; j < s; j++) dz[i * s + j] = weights[r + j] * (g[r + j] - dot);
            }
            if (dq != null) {
              Blas.sgemm(
                  scale,
                  MatrixView.of(dz, 0, l, s),
                  MatrixView.of(k, kLayout.at(b, h), s, dk, kLayout.rowStride()),
                  0f,
                  MatrixView.of(dq, qLayout.at(b, h), l, dk, qLayout.rowStride()));
            }
            if (dk0 != null) {
              Blas.sgemm(
                  scale,
                  MatrixView.of(dz, 0, l, s).t(),
                  MatrixView.of(q, qLayout.at(b, h), l, dk, qLayout.rowStride()),
                  0f,
                  MatrixView.of(dk0, kLayout.at(b, h), s, dk, kLayout.rowStride()));
            }
          }
        });
    Tensor gq = dq == null ? null : Tensor.wrap(dq, inputs().get(0).shape());
    if (packed) return new Tensor[] {gq};
    Tensor gk = dk0 == null ? null : Tensor.wrap(dk0, inputs().get(1).shape());
    return new Tensor[] {gq, gk};
  }
}
