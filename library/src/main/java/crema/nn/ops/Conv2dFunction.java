package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.Blas;
import crema.backend.ConvGeometry;
import crema.backend.Kernels;
import crema.backend.MatrixView;
import crema.backend.Scratch;
import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * 2-D convolution (cross-correlation, as in every DL library) by im2col + GEMM.
 *
 * <p>Forward, for each sample and group: {@code out[Og, P] = W_g[Og, K] · im2col(x)[K, P] + b},
 * where {@code K = (C/groups)·kh·kw} and {@code P = OH·OW} (see {@link ConvGeometry}). That is
 *
 * <pre>
 * out[n, o, i, j] = b[o] + Σ_{c, u, v} W[o, c, u, v] · x[n, g·Cg + c, i·sh − ph + u·dh, j·sw − pw + v·dw]
 * </pre>
 *
 * <p>Backward, with {@code dY = dL/dout} and {@code col = im2col(x)}:
 *
 * <ul>
 *   <li>{@code dW_g += dY_g[Og, P] · colᵀ[P, K]} (summed over the batch),
 *   <li>{@code dx = col2im(W_gᵀ[K, Og] · dY_g[Og, P])},
 *   <li>{@code db[o] = Σ_{n, i, j} dY[n, o, i, j]}.
 * </ul>
 *
 * <p>The batch is split across cores; each worker accumulates its own {@code dW}, summed at the end
 * (no locks in the hot loop). Each worker fills one column buffer per sample and reuses it, and
 * backward computes the columns again rather than keeping the whole batch's from forward: one
 * sample's columns stay in the core's cache between im2col and the product, where a batch's (2.2
 * million floats for LeNet) would go out to memory and back, and would stay alive from forward to
 * backward. Measured both ways in one JVM (docs/memory.md): recomputing was 3-4 % faster on the
 * course's CNN and as fast on LeNet, and took 8.8 MB off LeNet's live heap.
 *
 * <pre>{@code
 * Tensor y = new Conv2dFunction(new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1)
 *     .apply(x, weight, bias);      // or F.conv2d(x, weight, bias, 1, 0)
 * }</pre>
 */
public final class Conv2dFunction extends Function {
  private final int[] stride;
  private final int[] padding;
  private final int[] dilation;
  private final int groups;
  private ConvGeometry g;
  private Tensor x;
  private Tensor weight;
  private boolean hasBias;

  /**
   * A convolution with the given {@code {height, width}} stride, zero padding and dilation, and
   * number of channel groups.
   */
  public Conv2dFunction(int[] stride, int[] padding, int[] dilation, int groups) {
    this.stride = pair("stride", stride, 1);
    this.padding = pair("padding", padding, 0);
    this.dilation = pair("dilation", dilation, 1);
    this.groups = groups;
  }

  static int[] pair(String what, int[] v, int min) {
    if (v.length != 2 || v[0] < min || v[1] < min) {
      throw new IllegalArgumentException(
          "conv2d: "
              + what
              + " must be 2 values >= "
              + min
              + ", got "
              + java.util.Arrays.toString(v));
    }
    return v.clone();
  }

  /**
   * Inputs: {@code x [N, C, H, W]}, {@code weight [O, C/groups, kh, kw]}, optional {@code bias
   * [O]}.
   */
  @Override
  protected Tensor forward(Tensor... in) {
    x = in[0];
    weight = in[1];
    g = ConvGeometry.of("conv2d", x.shape(), weight.shape(), stride, padding, dilation, groups);
    hasBias = in.length > 2;
    if (hasBias && (in[2].dim() != 1 || in[2].size(0) != g.o())) {
      throw new IllegalArgumentException(
          "conv2d: bias must be [" + g.o() + "], got " + java.util.Arrays.toString(in[2].shape()));
    }
    final ConvGeometry geo = g;
    int p = geo.p(), k = geo.k(), og = geo.og(), cg = geo.cg();
    int inSample = geo.c() * geo.h() * geo.w();
    int outSample = geo.o() * p;
    float[] xd = x.data(), wd = weight.data();
    float[] bd = hasBias ? in[2].data() : null;
    // Not zeroed: every sample's product below is written with beta = 0, which overwrites C.
    float[] out = ArrayPool.takeUninitialised(geo.n() * outSample);
    Workers.forEachSample(
        geo.n(),
        (long) og * p * k,
        (from, to) -> {
          float[] col = geo.isPointwise() ? null : Scratch.get(Scratch.COLUMNS, k * p);
          for (int s = from; s < to; s++) {
            for (int gi = 0; gi < geo.groups(); gi++) {
              int xOff = s * inSample + gi * cg * geo.h() * geo.w();
              int oOff = s * outSample + gi * og * p;
              Blas.sgemm(
                  1f,
                  MatrixView.of(wd, gi * og * k, og, k),
                  columns(geo, xd, xOff, col, k, p),
                  0f,
                  MatrixView.of(out, oOff, og, p));
            }
            if (bd != null) {
              for (int o = 0; o < geo.o(); o++) {
                float bo = bd[o];
                int base = s * outSample + o * p;
                for (int q = 0; q < p; q++) out[base + q] += bo;
              }
            }
          }
        });
    return Tensor.wrap(out, geo.n(), geo.o(), geo.oh(), geo.ow());
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    final ConvGeometry geo = g;
    int p = geo.p(), k = geo.k(), og = geo.og(), cg = geo.cg();
    int inSample = geo.c() * geo.h() * geo.w();
    int outSample = geo.o() * p;
    boolean needX = needsInputGrad(0);
    boolean needW = needsInputGrad(1);
    float[] gy = gradOut.data(), xd = x.data(), wd = weight.data();
    float[] dx = needX ? ArrayPool.take(xd.length) : null;
    boolean needB = hasBias && needsInputGrad(2);
    // One dW (and db) accumulator per piece of the batch, at the index of the piece's first sample,
    // summed afterwards in sample order, so that a seed gives the same sums on every run: workers
    // never share a write target.
    float[][] dwParts = new float[geo.n()][];
    float[][] dbParts = new float[geo.n()][];
    Workers.forEachSample(
        geo.n(),
        (long) og * p * k,
        (from, to) -> {
          float[] dw = needW ? ArrayPool.take(wd.length) : null;
          float[] col = needW && !geo.isPointwise() ? Scratch.get(Scratch.COLUMNS, k * p) : null;
          float[] dcol = needX ? Scratch.get(Scratch.COLUMN_GRADS, k * p) : null;
          float[] db = needB ? new float[geo.o()] : null;
          for (int s = from; s < to; s++) {
            if (needB) {
              for (int o = 0; o < geo.o(); o++) db[o] += Kernels.sum(gy, s * outSample + o * p, p);
            }
            for (int gi = 0; gi < geo.groups(); gi++) {
              int xOff = s * inSample + gi * cg * geo.h() * geo.w();
              int yOff = s * outSample + gi * og * p;
              if (needW) {
                Blas.sgemm(
                    1f,
                    MatrixView.of(gy, yOff, og, p),
                    columns(geo, xd, xOff, col, k, p).t(),
                    1f,
                    MatrixView.of(dw, gi * og * k, og, k));
              }
              if (needX) {
                if (geo.isPointwise()) {
                  // The columns are the input plane itself: accumulate straight into dx.
                  Blas.sgemm(
                      1f,
                      MatrixView.of(wd, gi * og * k, og, k).t(),
                      MatrixView.of(gy, yOff, og, p),
                      1f,
                      MatrixView.of(dx, xOff, k, p));
                } else {
                  Blas.sgemm(
                      1f,
                      MatrixView.of(wd, gi * og * k, og, k).t(),
                      MatrixView.of(gy, yOff, og, p),
                      0f,
                      MatrixView.of(dcol, 0, k, p));
                  geo.col2im(dcol, dx, xOff);
                }
              }
            }
          }
          if (needW) dwParts[from] = dw;
          if (needB) dbParts[from] = db;
        });
    Tensor gx = needX ? Tensor.wrap(dx, x.shape()) : null;
    Tensor gw = null;
    if (needW) {
      gw = Tensor.wrap(sumInOrder(dwParts, wd.length), weight.shape());
    }
    if (!hasBias) return new Tensor[] {gx, gw};
    Tensor gb = null;
    if (needB) {
      gb = Tensor.wrap(sumInOrder(dbParts, geo.o()), geo.o());
    }
    return new Tensor[] {gx, gw, gb};
  }

  /**
   * The column matrix {@code [K, P]} of one sample and group: the input plane itself for a 1×1
   * stride-1 convolution ({@code col} is null then), else {@code im2col} of it written into {@code
   * col}.
   */
  private static MatrixView columns(
      ConvGeometry geo, float[] xd, int xOff, float[] col, int k, int p) {
    if (col == null) {
      return MatrixView.of(xd, xOff, k, p);
    }
    geo.im2col(xd, xOff, col);
    return MatrixView.of(col, 0, k, p);
  }

  /**
   * The sum of the parts in sample order, in an array taken on the calling thread (so that the
   * engine may hand it to the weight's {@code grad} without a copy); the parts are this backward's
   * private workspace and go back to the pool. Zeros when there are none.
   */
  private static float[] sumInOrder(float[][] parts, int length) {
    float[] total = ArrayPool.takeUninitialised(length);
    boolean first = true;
    for (float[] part : parts) {
      if (part == null) continue; // no piece started at this sample
      if (first) {
        System.arraycopy(part, 0, total, 0, length); // a copy, not 0 + part: keeps the sign of 0
        first = false;
      } else {
        for (int j = 0; j < length; j++) total[j] += part[j];
      }
      ArrayPool.give(part);
    }
    if (first) {
      java.util.Arrays.fill(total, 0f);
    }
    return total;
  }
}
