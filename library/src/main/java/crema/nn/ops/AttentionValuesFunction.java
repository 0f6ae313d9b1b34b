package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.Blas;
import crema.backend.MatrixView;
import crema.backend.Parallel;
import crema.tensor.Function;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * The second half of attention: every (sample, head) pair's output is the weighted average of its
 * values, {@code O = A · V} with {@code A [L, S]} and {@code V [S, d_v]}, one small GEMM per pair.
 *
 * <p>Backward, with {@code G = dL/dO}:
 *
 * <pre>
 * dA = G · Vᵀ        dV = Aᵀ · G
 * </pre>
 *
 * V is read and O written through {@link HeadLayout}s, so the heads are merged back into {@code [B,
 * L, H·d_v]} by the GEMMs themselves, with no permute copy. The pairs are split across the cores.
 *
 * <pre>{@code
 * // 4 heads of 16; V inside qkv [B, T, 192] at column 128; output [B, T, 64], heads side by side
 * Tensor out = new AttentionValuesFunction(b, 4, t, t, 16,
 *     HeadLayout.sideBySide(t, 192, 128, 16), HeadLayout.sideBySide(t, 64, 0, 16),
 *     new int[] {b, t, 64}).apply(weights, qkv);
 * }</pre>
 */
public final class AttentionValuesFunction extends Function {
  /** (Sample, head) pairs per parallel chunk. */
  private static final int GRAIN = 4;

  private final int batch;
  private final int heads;
  private final int l;
  private final int s;
  private final int dv;
  private final HeadLayout vLayout;
  private final HeadLayout outLayout;
  private final int[] outShape;
  private float[] a;
  private float[] v;

  /**
   * @param batch samples {@code B}
   * @param heads heads {@code H}
   * @param l queries per sample
   * @param s keys (and values) per sample
   * @param dv the dimension of one head's values
   * @param vLayout where the values lie in the second input
   * @param outLayout where each pair's {@code [L, d_v]} output goes in the result
   * @param outShape the result's shape, holding {@code B·H·L·d_v} values
   */
  public AttentionValuesFunction(
      int batch,
      int heads,
      int l,
      int s,
      int dv,
      HeadLayout vLayout,
      HeadLayout outLayout,
      int[] outShape) {
    this.batch = batch;
    this.heads = heads;
    this.l = l;
    this.s = s;
    this.dv = dv;
    this.vLayout = vLayout;
    this.outLayout = outLayout;
    this.outShape = outShape.clone();
  }

  /** Inputs: the weights ({@code B·H·L·S} values, pair after pair), the tensor holding V. */
  @Override
  protected Tensor forward(Tensor... in) {
    if (in[0].numel() != batch * heads * l * s) {
      throw new IllegalArgumentException(
          "attention: weights "
              + Arrays.toString(in[0].shape())
              + " do not hold "
              + batch
              + "×"
              + heads
              + " matrices of "
              + l
              + "×"
              + s);
    }
    vLayout.check("values", in[1], batch, heads, s, dv);
    a = in[0].data();
    v = in[1].data();
    Tensor out = Tensor.zeros(outShape);
    outLayout.check("output", out, batch, heads, l, dv);
    float[] o = out.data();
    Parallel.parallelFor(
        batch * heads,
        GRAIN,
        (start, end) -> {
          for (int p = start; p < end; p++) {
            int b = p / heads, h = p % heads;
            Blas.sgemm(
                1f,
                MatrixView.of(a, p * l * s, l, s),
                MatrixView.of(v, vLayout.at(b, h), s, dv, vLayout.rowStride()),
                0f,
                MatrixView.of(o, outLayout.at(b, h), l, dv, outLayout.rowStride()));
          }
        });
    return out;
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] g = gradOut.data();
    // da is written whole (one product per batch and head); dv only where the layout puts values.
    float[] da = needsInputGrad(0) ? ArrayPool.takeUninitialised(a.length) : null;
    float[] dvv = needsInputGrad(1) ? ArrayPool.take(v.length) : null;
    Parallel.parallelFor(
        batch * heads,
        GRAIN,
        (start, end) -> {
          for (int p = start; p < end; p++) {
            int b = p / heads, h = p % heads;
            if (da != null) {
              Blas.sgemm(
                  1f,
                  MatrixView.of(g, outLayout.at(b, h), l, dv, outLayout.rowStride()),
                  MatrixView.of(v, vLayout.at(b, h), s, dv, vLayout.rowStride()).t(),
                  0f,
                  MatrixView.of(da, p * l * s, l, s));
            }
            if (dvv != null) {
              Blas.sgemm(
                  1f,
                  MatrixView.of(a, p * l * s, l, s).t(),
                  MatrixView.of(g, outLayout.at(b, h), l, dv, outLayout.rowStride()),
                  0f,
                  MatrixView.of(dvv, vLayout.at(b, h), s, dv, vLayout.rowStride()));
            }
          }
        });
    return new Tensor[] {
      da == null ? null : Tensor.wrap(da, inputs().get(0).shape()),
      dvv == null ? null : Tensor.wrap(dvv, inputs().get(1).shape())
    };
  }
}
