package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.Blas;
import crema.backend.MatrixView;
import crema.tensor.Function;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * The affine map of a dense layer, fused into one GEMM: {@code y = x · Wᵀ + b} with {@code x [N,
 * in]}, {@code W [out, in]} (PyTorch's layout), {@code b [out]}, {@code y [N, out]}. As in PyTorch,
 * {@code x} may have any leading shape, {@code [..., in] -> [..., out]}: its row-major array is
 * already {@code N} rows of {@code in}, so it is read in place, with no reshape copy.
 *
 * <p>Backward, with {@code dY = dL/dy [N, out]}:
 *
 * <ul>
 *   <li>{@code dx = dY · W} ({@code [N, in]}),
 *   <li>{@code dW = dYᵀ · x} ({@code [out, in]}),
 *   <li>{@code db = Σ_n dY[n, :]}.
 * </ul>
 *
 * BLAS reads {@code W} transposed in place, so no transposed copy is ever made.
 *
 * <pre>{@code
 * Tensor y = new LinearFunction().apply(x, weight, bias);   // or F.linear(x, weight, bias)
 * }</pre>
 */
public final class LinearFunction extends Function {
  private Tensor x;
  private Tensor weight;
  private boolean hasBias;
  private int n;

  /** Inputs: {@code x [..., in]}, {@code weight [out, in]}, optional {@code bias [out]}. */
  @Override
  protected Tensor forward(Tensor... in) {
    x = in[0];
    weight = in[1];
    hasBias = in.length > 2;
    int[] xs = x.shape(), ws = weight.shape();
    if (xs.length == 0 || ws.length != 2 || xs[xs.length - 1] != ws[1]) {
      throw new IllegalArgumentException(
          "linear: input "
              + Arrays.toString(xs)
              + " does not match weight "
              + Arrays.toString(ws)
              + " (expects input [..., "
              + (ws.length == 2 ? ws[1] : "in")
              + "])");
    }
    n = TokenRows.count(xs);
    int inF = ws[1], outF = ws[0];
    if (hasBias && (in[2].dim() != 1 || in[2].size(0) != outF)) {
      throw new IllegalArgumentException(
          "linear: bias must be [" + outF + "], got " + Arrays.toString(in[2].shape()));
    }
    // Written whole: by the bias and then GEMM with beta = 1, or by GEMM with beta = 0 (zeroed only
    // for an empty product, which GEMM is not asked for).
    boolean written = hasBias || (n > 0 && inF > 0);
    float[] y = ArrayPool.take(n * outF, written);
    if (hasBias) {
      // Start from the bias in every row, then let GEMM add x·Wᵀ on top (beta = 1).
      float[] b = in[2].data();
      for (int r = 0; r < n; r++) System.arraycopy(b, 0, y, r * outF, outF);
    }
    if (n > 0 && inF > 0) {
      Blas.sgemm(
          1f,
          MatrixView.of(x.data(), 0, n, inF),
          MatrixView.of(weight.data(), 0, outF, inF).t(),
          hasBias ? 1f : 0f,
          MatrixView.of(y, 0, n, outF));
    }
    return Tensor.wrap(y, TokenRows.withLast(xs, outF));
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    int inF = weight.size(1), outF = weight.size(0);
    float[] dy = gradOut.data();
    Tensor gx = null, gw = null, gb = null;
    if (needsInputGrad(0)) {
      // Both gradients are GEMMs with beta = 0, which write every element of C (an empty inner
      // dimension included: Blas then fills C with zeros).
      float[] dx = ArrayPool.takeUninitialised(n * inF);
      Blas.sgemm(
          1f,
          MatrixView.of(dy, 0, n, outF),
          MatrixView.of(weight.data(), 0, outF, inF),
          0f,
          MatrixView.of(dx, 0, n, inF));
      gx = Tensor.wrap(dx, x.shape());
    }
    if (needsInputGrad(1)) {
      float[] dw = ArrayPool.takeUninitialised(outF * inF);
      Blas.sgemm(
          1f,
          MatrixView.of(dy, 0, n, outF).t(),
          MatrixView.of(x.data(), 0, n, inF),
          0f,
          MatrixView.of(dw, 0, outF, inF));
      gw = Tensor.wrap(dw, outF, inF);
    }
    if (!hasBias) return new Tensor[] {gx, gw};
    if (needsInputGrad(2)) {
      float[] db = new float[outF];
      for (int r = 0; r < n; r++) {
        int base = r * outF;
        for (int j = 0; j < outF; j++) db[j] += dy[base + j];
      }
      gb = Tensor.wrap(db, outF);
    }
    return new Tensor[] {gx, gw, gb};
  }
}
