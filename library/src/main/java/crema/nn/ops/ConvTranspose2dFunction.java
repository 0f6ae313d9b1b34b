package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.Blas;
import crema.backend.ConvGeometry;
import crema.backend.MatrixView;
import crema.backend.Parallel;
import crema.backend.Scratch;
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
    int outSample = cout * oh * ow;
    float[] xd = x.data();
    float[] wd = weight.data();
    float[] b = hasBias ? in[2].data() : null;
    // Zeroed, as col2im adds into it; from the pool (docs/memory.md). The samples run over the
    // cores, each thread with columns of its own, and each writes only its own samples' outputs.
    float[] out = ArrayPool.take(n * outSample);
    Workers.forEachSample(
        n,
        (long) k * p * cin,
        (from, to) -> {
          float[] col = Scratch.get(Scratch.COLUMNS, k * p);
          for (int s = from; s < to; s++) {
            Blas.sgemm(
                1f,
                MatrixView.of(wd, 0, cin, k).t(),
                MatrixView.of(xd, s * cin * p, cin, p),
                0f,
                MatrixView.of(col, 0, k, p));
            g.col2im(col, out, s * outSample);
            if (b != null) addBias(out, s * outSample, b, oh * ow);
          }
        });
    return Tensor.wrap(out, n, cout, oh, ow);
  }

  /** Adds {@code b[o]} to every entry of output plane {@code o} of the sample at {@code off}. */
  private static void addBias(float[] out, int off, float[] b, int plane) {
    for (int o = 0; o < b.length; o++) {
      float bo = b[o];
      for (int i = off + o * plane, end = i + plane; i < end; i++) out[i] += bo;
    }
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
    float[] xd = x.data();
    float[] wd = weight.data();
    boolean needX = needsInputGrad(0);
    boolean needW = needsInputGrad(1);
    // dx: each sample's block is one product with beta = 0, written whole. dW: one accumulator per
    // block of samples, added in block order (BlockPartials), so that no two threads write one
    // array and the sum does not depend on which thread ran which block.
    float[] dx = needX ? ArrayPool.takeUninitialised(x.numel()) : null;
    int blocks = Workers.blocks(n, (long) cin * k * p);
    float[][] dwParts = needW ? BlockPartials.take(blocks, wd.length, true) : null;
    Parallel.parallelFor(
        blocks,
        1,
        (first, last) -> {
          float[] col = Scratch.get(Scratch.COLUMNS, k * p);
          for (int c = first; c < last; c++) {
            for (int s = BlockPartials.start(n, c, blocks);
                s < BlockPartials.start(n, c + 1, blocks);
                s++) {
              g.im2col(gy, s * outPlane, col);
              if (needX) {
                Blas.sgemm(
                    1f,
                    MatrixView.of(wd, 0, cin, k),
                    MatrixView.of(col, 0, k, p),
                    0f,
                    MatrixView.of(dx, s * cin * p, cin, p));
              }
              if (needW) {
                Blas.sgemm(
                    1f,
                    MatrixView.of(xd, s * cin * p, cin, p),
                    MatrixView.of(col, 0, k, p).t(),
                    1f,
                    MatrixView.of(dwParts[c], 0, cin, k));
              }
            }
          }
        });
    float[] dw = needW ? BlockPartials.sum(dwParts) : null;
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
