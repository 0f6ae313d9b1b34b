package crema.tensor;

import crema.backend.ArrayPool;
import crema.backend.Blas;
import crema.backend.MatrixView;

/**
 * Batched matrix product {@code C[..] = A[..] B[..]} for {@code A [.., n, k]} and {@code B [.., k,
 * m]}, where the leading (batch) dimensions broadcast. Every product is one GEMM call through
 * {@link Blas}, on the operands' own arrays with offsets (no copies, no transposed copies).
 *
 * <p>Backward: {@code dL/dA = G B^T} and {@code dL/dB = A^T G}, again GEMM calls, the transposes
 * being flags to BLAS. Where a batch dimension was broadcast the contributions are accumulated
 * ({@code beta = 1}) into the smaller operand's gradient.
 *
 * <p>Many small products (attention's {@code [batch, heads, T, T]}) are split over the cores with
 * {@link Parallel}, since OpenBLAS runs such small GEMMs on one thread anyway; large ones run one
 * after the other and OpenBLAS threads each. In backward the split is used only when no batch
 * dimension was broadcast (otherwise two batches would accumulate into the same gradient).
 *
 * <p>A batched {@code A} times a plain matrix {@code B} (a linear layer on {@code [B, T, in]}) is
 * folded into one big GEMM of {@code [B*T, k] x [k, m]}, which BLAS runs far better than many small
 * ones.
 */
final class MatMul extends Function {
  private final int[] userA;
  private final int[] userB;
  private Tensor a;
  private Tensor b;
  private int[] batch; // broadcast batch shape of the output

  /** The shapes the user passed (before 1-D promotion), for error messages. */
  MatMul(int[] userA, int[] userB) {
    this.userA = userA;
    this.userB = userB;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    a = in[0];
    b = in[1];
    int[] sa = a.shapeRef();
    int[] sb = b.shapeRef();
    int n = sa[sa.length - 2];
    int k = sa[sa.length - 1];
    int k2 = sb[sb.length - 2];
    int m = sb[sb.length - 1];
    if (k != k2) {
      throw new IllegalArgumentException(
          "matmul: shapes "
              + Shapes.str(userA)
              + " and "
              + Shapes.str(userB)
              + " do not match ("
              + k
              + " != "
              + k2
              + ")");
    }
    int[] ba = java.util.Arrays.copyOf(sa, sa.length - 2);
    int[] bb = java.util.Arrays.copyOf(sb, sb.length - 2);
    try {
      batch = Shapes.broadcast("matmul", ba, bb);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "matmul: batch dimensions of shapes "
              + Shapes.str(userA)
              + " and "
              + Shapes.str(userB)
              + " cannot be broadcast",
          e);
    }
    int[] out = java.util.Arrays.copyOf(batch, batch.length + 2);
    out[batch.length] = n;
    out[batch.length + 1] = m;
    // Every product below has beta = 0 and together they cover C: written whole.
    float[] c = ArrayPool.takeUninitialised(Shapes.numel(out));
    float[] x = a.data();
    float[] y = b.data();
    if (bb.length == 0) { // fold the batch of A into rows: one GEMM
      int rows = Shapes.numel(ba) * n;
      Blas.sgemm(
          1f,
          MatrixView.of(x, 0, rows, k),
          MatrixView.of(y, 0, k, m),
          0f,
          MatrixView.of(c, 0, rows, m));
    } else {
      int nb = Shapes.numel(batch);
      int[] stA = Shapes.broadcastStrides(ba, batch);
      int[] stB = Shapes.broadcastStrides(bb, batch);
      int[] offA = offsets(batch, stA, nb);
      int[] offB = offsets(batch, stB, nb);
      for (int i = 0; i < nb; i++) {
        Blas.sgemm(
            1f,
            MatrixView.of(x, offA[i] * n * k, n, k),
            MatrixView.of(y, offB[i] * k * m, k, m),
            0f,
            MatrixView.of(c, i * n * m, n, m));
      }
    }
    return Tensor.wrap(c, out);
  }

  @Override
  protected Tensor[] backward(Tensor g) {
    int[] sa = a.shapeRef();
    int[] sb = b.shapeRef();
    int n = sa[sa.length - 2];
    int k = sa[sa.length - 1];
    int m = sb[sb.length - 1];
    int[] ba = java.util.Arrays.copyOf(sa, sa.length - 2);
    int[] bb = java.util.Arrays.copyOf(sb, sb.length - 2);
    float[] gd = g.data();
    float[] x = a.data();
    float[] y = b.data();
    // Without a batch in B both gradients are single GEMMs with beta = 0, written whole; with one,
    // the per-batch products add into them (beta = 1), and a broadcast operand's gradient sums
    // over the batch: zeroed first.
    boolean whole = bb.length == 0;
    float[] da = !needsInputGrad(0) ? null : ArrayPool.take(x.length, whole);
    float[] db = !needsInputGrad(1) ? null : ArrayPool.take(y.length, whole);
    if (bb.length == 0) {
      int rows = Shapes.numel(ba) * n;
      if (da != null) { // dA = G B^T : [rows, m] x [m, k]
        Blas.sgemm(
            1f,
            MatrixView.of(gd, 0, rows, m),
            MatrixView.of(y, 0, k, m).t(),
            0f,
            MatrixView.of(da, 0, rows, k));
      }
      if (db != null) { // dB = A^T G : [k, rows] x [rows, m]
        Blas.sgemm(
            1f,
            MatrixView.of(x, 0, rows, k).t(),
            MatrixView.of(gd, 0, rows, m),
            0f,
            MatrixView.of(db, 0, k, m));
      }
    } else {
      int nb = Shapes.numel(batch);
      int[] offA = offsets(batch, Shapes.broadcastStrides(ba, batch), nb);
      int[] offB = offsets(batch, Shapes.broadcastStrides(bb, batch), nb);
      for (int i = 0; i < nb; i++) {
        int go = i * n * m;
        if (da != null) {
          Blas.sgemm(
              1f,
              MatrixView.of(gd, go, n, m),
              MatrixView.of(y, offB[i] * k * m, k, m).t(),
              1f,
              MatrixView.of(da, offA[i] * n * k, n, k));
        }
        if (db != null) {
          Blas.sgemm(
              1f,
              MatrixView.of(x, offA[i] * n * k, n, k).t(),
              MatrixView.of(gd, go, n, m),
              1f,
              MatrixView.of(db, offB[i] * k * m, k, m));
        }
      }
    }
    return new Tensor[] {
      da == null ? null : Tensor.wrap(da, sa), db == null ? null : Tensor.wrap(db, sb)
    };
  }

  /**
   * For each batch index of {@code batch}, the matrix index in an operand with strides {@code st}.
   */
  private static int[] offsets(int[] batch, int[] st, int nb) {
    int[] off = new int[nb];
    int[] idx = new int[batch.length];
    int cur = 0;
    for (int i = 0; i < nb; i++) {
      off[i] = cur;
      for (int d = batch.length - 1; d >= 0; d--) {
        idx[d]++;
        cur += st[d];
        if (idx[d] < batch[d]) {
          break;
        }
        cur -= st[d] * batch[d];
        idx[d] = 0;
      }
    }
    return off;
  }
}
