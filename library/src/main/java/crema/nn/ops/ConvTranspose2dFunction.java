package crema.nn.ops;

import crema.backend.Blas;
import crema.backend.ConvGeometry;
import crema.backend.MatrixView;
import crema.tensor.Function;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * Transposed 2-D convolution ("deconvolution"): the gradient of {@link Conv2dFunction} with respect
 * to its input, used as a layer that up-samples. Every input pixel spreads a weighted copy of the
 * kernel onto the (larger) output.
 *
 * <p>With {@code W [Cin, Cout, kh, kw]} viewed as {@code Wm [Cin, K]} ({@code K = Cout·kh·kw}) and
 * {@code G} the geometry of a convolution <em>from</em> the output <em>to</em> the input:
 *
 * <ul>
 *   <li>forward: {@code y = col2im(Wmᵀ[K, Cin] · x[Cin, H·W]) + b};
 *   <li>{@code dx = Wm · im2col(dY)} (a plain convolution of the output gradient);
 *   <li>{@code dW += x · im2col(dY)ᵀ}; {@code db[o] = Σ dY[n, o, ·, ·]}.
 * </ul>
 *
 * Output size: {@code H_out = (H − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1}.
 */
public final class ConvTranspose2dFunction extends Function {
  private final int stride;
  private final int padding;
  private final int outputPadding;
  private final int dilation;
  private ConvGeometry g;
  private Tensor x;
  private Tensor weight;
  private boolean hasBias;

  public ConvTranspose2dFunction(int stride, int padding, int outputPadding, int dilation) {
    if (stride < 1
        || padding < 0
        || dilation < 1
        || outputPadding < 0
        || (outputPadding >= stride && outputPadding >= dilation)) {
      throw new IllegalArgumentException(
          "conv_transpose2d: need stride ≥ 1, padding ≥ 0, dilation ≥ 1 and output_padding"
              + " smaller than stride or dilation; got stride="
              + stride
              + ", padding="
              + padding
              + ", output_padding="
              + outputPadding
              + ", dilation="
              + dilation);
    }
    this.stride = stride;
    this.padding = padding;
    this.outputPadding = outputPadding;
    this.dilation = dilation;
  }

  /** The output side length for an input side {@code in} and kernel side {@code k}. */
  public int outSize(int in, int k) {
    return (in - 1) * stride - 2 * padding + dilation * (k - 1) + outputPadding + 1;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    x = in[0];
    weight = in[1];
    hasBias = in.length > 2 && in[2] != null;
    int[] xs = x.shape();
    int[] ws = weight.shape();
    if (xs.length != 4 || ws.length != 4 || ws[0] != xs[1]) {
      throw new IllegalArgumentException(
          "conv_transpose2d: expects input [N, Cin, H, W] and weight [Cin, Cout, kh, kw], got "
              + Arrays.toString(xs)
              + " and "
              + Arrays.toString(ws));
    }
    int n = xs[0];
    int cout = ws[1];
    int oh = outSize(xs[2], ws[2]);
    int ow = outSize(xs[3], ws[3]);
    if (oh <= 0 || ow <= 0) {
      throw new IllegalArgumentException(
          "conv_transpose2d: output would be "
              + oh
              + "x"
              + ow
              + " for input "
              + Arrays.toString(xs));
    }
    int[] d = {dilation, dilation};
    g =
        ConvGeometry.of(
            "conv_transpose2d",
            new int[] {n, cout, oh, ow},
            ws,
            new int[] {stride, stride},
            new int[] {padding, padding},
            d,
            1);
    int cin = xs[1];
    int k = g.k();
    int p = g.p(); // = H·W of the input
    float[] out = new float[n * cout * oh * ow];
    float[] col = new float[k * p];
    for (int s = 0; s < n; s++) {
      Blas.sgemm(
          1f,
          MatrixView.of(weight.data(), 0, cin, k).t(),
          MatrixView.of(x.data(), s * cin * p, cin, p),
          0f,
          MatrixView.of(col, 0, k, p));
      g.col2im(col, out, s * cout * oh * ow);
    }
    if (hasBias) {
      float[] b = in[2].data();
      int plane = oh * ow;
      for (int s = 0; s < n; s++) {
        for (int o = 0; o < cout; o++) {
          int off = (s * cout + o) * plane;
          float bo = b[o];
          for (int i = 0; i < plane; i++) {
            out[off + i] += bo;
          }
        }
      }
    }
    return Tensor.wrap(out, n, cout, oh, ow);
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    int[] xs = x.shape();
    int n = xs[0];
    int cin = xs[1];
    int k = g.k();
    int p = g.p();
    int outPlane = g.c() * g.h() * g.w();
    float[] gy = gradOut.data();
    float[] col = new float[k * p];
    float[] dx = needsInputGrad(0) ? new float[x.numel()] : null;
    float[] dw = needsInputGrad(1) ? new float[weight.numel()] : null;
    for (int s = 0; s < n; s++) {
      g.im2col(gy, s * outPlane, col);
      if (dx != null) {
        Blas.sgemm(
            1f,
            MatrixView.of(weight.data(), 0, cin, k),
            MatrixView.of(col, 0, k, p),
            0f,
            MatrixView.of(dx, s * cin * p, cin, p));
      }
      if (dw != null) {
        Blas.sgemm(
            1f,
            MatrixView.of(x.data(), s * cin * p, cin, p),
            MatrixView.of(col, 0, k, p).t(),
            1f,
            MatrixView.of(dw, 0, cin, k));
      }
    }
    Tensor db = null;
    if (hasBias && needsInputGrad(2)) {
      int cout = g.c();
      int plane = g.h() * g.w();
      float[] b = new float[cout];
      for (int s = 0; s < n; s++) {
        for (int o = 0; o < cout; o++) {
          int off = (s * cout + o) * plane;
          double acc = 0;
          for (int i = 0; i < plane; i++) {
            acc += gy[off + i];
          }
          b[o] += (float) acc;
        }
      }
      db = Tensor.wrap(b, cout);
    }
    return new Tensor[] {
      dx == null ? null : Tensor.wrap(dx, xs),
      dw == null ? null : Tensor.wrap(dw, weight.shape()),
      db
    };
  }
}
