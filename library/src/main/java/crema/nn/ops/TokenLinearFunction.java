package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.Blas;
import crema.backend.MatrixView;
import crema.backend.Parallel;
import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * The affine map {@code y = x · Wᵀ + b} applied to every token of a sequence batch, {@code x [B, T,
 * in]} read as {@code N = B·T} rows, the rows split across the cores. Any leading shape works: the
 * rows of a row-major array do not depend on it, so no reshape copy is needed on either side.
 *
 * <p>Same formulas as {@link LinearFunction} (forward and backward):
 *
 * <pre>
 * dx = dY · W        dW = dYᵀ · x        db = Σ_rows dY
 * </pre>
 *
 * Why a second linear node: a transformer's projections have thousands of rows (64 sequences of 28
 * tokens) and few columns, one GEMM that OpenBLAS, kept single-threaded during training, would run
 * on one core. Here each core takes a block of rows; the weight gradients, sums over all rows, are
 * summed per block and then added.
 *
 * <pre>{@code
 * Tensor qkv = new TokenLinearFunction().apply(x, inProjWeight, inProjBias); // [B, T, E] -> [B, T, 3E]
 * }</pre>
 */
public final class TokenLinearFunction extends Function {
  /** Rows per block: fewer and the pool's overhead outweighs the GEMM. */
  static final int GRAIN = 64;

  private int[] xShape;
  private int n;
  private int in;
  private int out;
  private float[] x;
  private float[] w;

  /**
   * Inputs: {@code x [..., in]} (every leading index a token: {@code N} rows in all), {@code weight
   * [out, in]}, {@code bias [out]}. The result is {@code [..., out]}.
   */
  @Override
  protected Tensor forward(Tensor... inputs) {
    int[] xs = inputs[0].shape(), ws = inputs[1].shape();
    if (xs.length == 0
        || ws.length != 2
        || xs[xs.length - 1] != ws[1]
        || inputs[2].numel() != ws[0]) {
      throw new IllegalArgumentException(
          "linear: input "
              + java.util.Arrays.toString(xs)
              + ", weight "
              + java.util.Arrays.toString(ws)
              + " and bias "
              + java.util.Arrays.toString(inputs[2].shape())
              + " do not fit (expects [..., in], [out, in], [out])");
    }
    xShape = xs;
    in = ws[1];
    out = ws[0];
    n = TokenRows.count(xs);
    x = inputs[0].data();
    w = inputs[1].data();
    float[] b = inputs[2].data();
    float[] y = ArrayPool.takeUninitialised(n * out); // every row: the bias, then the product
    Parallel.parallelFor(
        n,
        GRAIN,
        (start, end) -> {
          // Start from the bias in every row, then let GEMM add x·Wᵀ on top (beta = 1).
          for (int r = start; r < end; r++) System.arraycopy(b, 0, y, r * out, out);
          Blas.sgemm(
              1f,
              MatrixView.of(x, start * in, end - start, in),
              MatrixView.of(w, 0, out, in).t(),
              1f,
              MatrixView.of(y, start * out, end - start, out));
        });
    return Tensor.wrap(y, TokenRows.withLast(xShape, out));
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] g = gradOut.data();
    // All written whole: dx and each block's dW by products with beta = 0, its db by column sums.
    float[] dx = needsInputGrad(0) ? ArrayPool.takeUninitialised(n * in) : null;
    int blocks = BlockPartials.count(n, GRAIN);
    float[][] dw = BlockPartials.take(blocks, out * in, false);
    float[][] db = BlockPartials.take(blocks, out, false);
    Parallel.parallelFor(
        blocks,
        1,
        (first, last) -> {
          for (int c = first; c < last; c++) {
            int start = BlockPartials.start(n, c, blocks);
            int rows = BlockPartials.start(n, c + 1, blocks) - start;
            Blas.sgemm(
                1f,
                MatrixView.of(g, start * out, rows, out).t(),
                MatrixView.of(x, start * in, rows, in),
                0f,
                MatrixView.of(dw[c], 0, out, in));
            BlockPartials.columnSums(g, start, rows, out, db[c]);
            if (dx != null) {
              Blas.sgemm(
                  1f,
                  MatrixView.of(g, start * out, rows, out),
                  MatrixView.of(w, 0, out, in),
                  0f,
                  MatrixView.of(dx, start * in, rows, in));
            }
          }
        });
    return new Tensor[] {
      dx == null ? null : Tensor.wrap(dx, xShape),
      BlockPartials.gradient(needsInputGrad(1), BlockPartials.sum(dw), out, in),
      BlockPartials.gradient(needsInputGrad(2), BlockPartials.sum(db), out)
    };
  }
}
