package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.Blas;
import crema.backend.Kernels;
import crema.backend.MatrixView;
import crema.backend.Parallel;
import crema.tensor.Function;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * The position-wise feed-forward block of a transformer layer, fused into one node:
 *
 * <pre>
 * h = relu(x · W₁ᵀ + b₁)        y = h · W₂ᵀ + b₂
 * </pre>
 *
 * with {@code x [..., E]}, {@code W₁ [F, E]}, {@code W₂ [E, F]} (PyTorch's layouts), every token a
 * row ({@code N} of them, whatever the leading shape: no reshape copy on either side). Backward,
 * with {@code G = dL/dy} and {@code [h > 0]} the ReLU's gate:
 *
 * <pre>
 * dW₂ = Gᵀ·h     db₂ = Σ G     dZ = (G·W₂) ⊙ [h > 0]     dW₁ = dZᵀ·x     db₁ = Σ dZ     dx = dZ·W₁
 * </pre>
 *
 * Why fuse: the rows are independent, so each core takes a block of rows and runs its GEMMs on it
 * (BLAS single-threaded inside), the ReLU is applied in place on the hidden layer, and one node
 * replaces three (two linears, the ReLU). Weight gradients sum over all rows: each block adds its
 * own partial sum, and the blocks' sums are added at the end.
 *
 * <pre>{@code
 * Tensor y = new FeedForwardFunction().apply(x, w1, b1, w2, b2);   // x [B, T, E] -> y [B, T, E]
 * }</pre>
 */
public final class FeedForwardFunction extends Function {
  /** Rows per block: fewer and the pool's overhead outweighs the GEMM. */
  private static final int GRAIN = 64;

  private int[] xShape;
  private int n;
  private int e;
  private int f;
  private float[] x;
  private float[] w1;
  private float[] w2;
  private float[] h;

  /**
   * Inputs: {@code x [..., E]} ({@code N} rows in all), {@code w1 [F, E]}, {@code b1 [F]}, {@code
   * w2 [E, F]}, {@code b2 [E]}. The result has the shape of {@code x}.
   */
  @Override
  protected Tensor forward(Tensor... in) {
    int[] xs = in[0].shape(), w1s = in[1].shape(), w2s = in[3].shape();
    int last = xs.length == 0 ? -1 : xs[xs.length - 1];
    if (xs.length == 0
        || w1s.length != 2
        || w2s.length != 2
        || w1s[1] != last
        || w2s[0] != last
        || w2s[1] != w1s[0]
        || in[2].numel() != w1s[0]
        || in[4].numel() != last) {
      throw new IllegalArgumentException(
          "feedForward: x "
              + Arrays.toString(xs)
              + ", W1 "
              + Arrays.toString(w1s)
              + ", b1 "
              + Arrays.toString(in[2].shape())
              + ", W2 "
              + Arrays.toString(w2s)
              + ", b2 "
              + Arrays.toString(in[4].shape())
              + " do not fit (expects x [..., E], W1 [F, E], b1 [F], W2 [E, F], b2 [E])");
    }
    xShape = xs;
    n = TokenRows.count(xs);
    e = last;
    f = w1s[0];
    x = in[0].data();
    w1 = in[1].data();
    w2 = in[3].data();
    float[] b1 = in[2].data(), b2 = in[4].data();
    // Every row of both: the bias, then the product added on top.
    h = ArrayPool.takeUninitialised(n * f);
    float[] y = ArrayPool.takeUninitialised(n * e);
    Parallel.parallelFor(
        n,
        GRAIN,
        (start, end) -> {
          int rows = end - start;
          // Start from the biases, let GEMM add the products on top (beta = 1).
          for (int r = start; r < end; r++) System.arraycopy(b1, 0, h, r * f, f);
          Blas.sgemm(
              1f,
              MatrixView.of(x, start * e, rows, e),
              MatrixView.of(w1, 0, f, e).t(),
              1f,
              MatrixView.of(h, start * f, rows, f));
          for (int i = start * f; i < end * f; i++) h[i] = Math.max(h[i], 0f);
          for (int r = start; r < end; r++) System.arraycopy(b2, 0, y, r * e, e);
          Blas.sgemm(
              1f,
              MatrixView.of(h, start * f, rows, f),
              MatrixView.of(w2, 0, e, f).t(),
              1f,
              MatrixView.of(y, start * e, rows, e));
        });
    return Tensor.wrap(y, xShape);
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] g = gradOut.data();
    float[] dx = needsInputGrad(0) ? ArrayPool.takeUninitialised(n * e) : null;
    int blocks = BlockPartials.count(n, GRAIN);
    // Each block's partial weight gradients: dW1 [F, E], db1 [F], dW2 [E, F], db2 [E]. The
    // products write dx and the dW whole (beta = 0), and each block copies its db in once.
    float[][] dW1 = BlockPartials.take(blocks, f * e, false);
    float[][] db1 = BlockPartials.take(blocks, f, false);
    float[][] dW2 = BlockPartials.take(blocks, e * f, false);
    float[][] db2 = BlockPartials.take(blocks, e, false);
    // dz = dL/d(x·W1ᵀ + b1), laid out like h so that the ReLU's mask reads both at one index.
    float[] dz = ArrayPool.takeUninitialised(n * f);
    Parallel.parallelFor(
        blocks,
        1,
        (first, last) -> {
          for (int c = first; c < last; c++) {
            int start = BlockPartials.start(n, c, blocks);
            int rows = BlockPartials.start(n, c + 1, blocks) - start;
            Blas.sgemm(
                1f,
                MatrixView.of(g, start * e, rows, e).t(),
                MatrixView.of(h, start * f, rows, f),
                0f,
                MatrixView.of(dW2[c], 0, e, f));
            Blas.sgemm(
                1f,
                MatrixView.of(g, start * e, rows, e),
                MatrixView.of(w2, 0, e, f),
                0f,
                MatrixView.of(dz, start * f, rows, f));
            // The ReLU lets through where h > 0: a bit mask, not a branch, read and written at one
            // index so that C2 vectorises the loop (see LstmCellBlock).
            for (int i = start * f; i < (start + rows) * f; i++) {
              dz[i] = Kernels.ifPositive(h[i], dz[i]);
            }
            BlockPartials.columnSums(g, start, rows, e, db2[c]);
            BlockPartials.columnSums(dz, start, rows, f, db1[c]);
            Blas.sgemm(
                1f,
                MatrixView.of(dz, start * f, rows, f).t(),
                MatrixView.of(x, start * e, rows, e),
                0f,
                MatrixView.of(dW1[c], 0, f, e));
            if (dx != null) {
              Blas.sgemm(
                  1f,
                  MatrixView.of(dz, start * f, rows, f),
                  MatrixView.of(w1, 0, f, e),
                  0f,
                  MatrixView.of(dx, start * e, rows, e));
            }
          }
        });
    ArrayPool.give(dz);
    return new Tensor[] {
      dx == null ? null : Tensor.wrap(dx, xShape),
      BlockPartials.gradient(needsInputGrad(1), BlockPartials.sum(dW1), f, e),
      BlockPartials.gradient(needsInputGrad(2), BlockPartials.sum(db1), f),
      BlockPartials.gradient(needsInputGrad(3), BlockPartials.sum(dW2), e, f),
      BlockPartials.gradient(needsInputGrad(4), BlockPartials.sum(db2), e)
    };
  }

  /** The hidden activations are this node's alone: back to the pool once the graph is freed. */
  @Override
  protected void releaseSaved() {
    ArrayPool.give(h);
    h = null;
  }
}
