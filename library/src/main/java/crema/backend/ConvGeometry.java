package crema.backend;

import java.util.Arrays;

/**
 * The sizes of one 2-D convolution, and im2col / col2im over them.
 *
 * <p>im2col unrolls, for one sample and one group, every receptive field into a column: the result
 * is a {@code [K, P]} matrix with {@code K = Cg·kh·kw} rows (one per weight of a filter) and {@code
 * P = OH·OW} columns (one per output position). The convolution of that group is then the single
 * matrix product {@code W_g [Og, K] × col [K, P] = out [Og, P]}, which BLAS does at full speed.
 *
 * <p>Output size per dimension: {@code OH = (H + 2·ph − dh·(kh − 1) − 1) / sh + 1}, as in PyTorch.
 */
public record ConvGeometry(
    int n,
    int c,
    int h,
    int w,
    int o,
    int kh,
    int kw,
    int sh,
    int sw,
    int ph,
    int pw,
    int dh,
    int dw,
    int groups,
    int oh,
    int ow) {

  public static ConvGeometry of(
      String op, int[] x, int[] weight, int[] stride, int[] padding, int[] dilation, int groups) {
    if (x.length != 4) {
      throw new IllegalArgumentException(
          op + ": expects input [N, C, H, W], got " + Arrays.toString(x));
    }
    if (weight.length != 4) {
      throw new IllegalArgumentException(
          op + ": expects weight [O, C/groups, kh, kw], got " + Arrays.toString(weight));
    }
    if (groups < 1 || x[1] % groups != 0 || weight[0] % groups != 0) {
      throw new IllegalArgumentException(
          op
              + ": groups="
              + groups
              + " must divide the input channels ("
              + x[1]
              + ") and the output channels ("
              + weight[0]
              + ")");
    }
    if (weight[1] * groups != x[1]) {
      throw new IllegalArgumentException(
          op
              + ": weight "
              + Arrays.toString(weight)
              + " with groups="
              + groups
              + " expects "
              + weight[1] * groups
              + " input channels, got input "
              + Arrays.toString(x));
    }
    int oh = outSize(x[2], weight[2], stride[0], padding[0], dilation[0]);
    int ow = outSize(x[3], weight[3], stride[1], padding[1], dilation[1]);
    if (oh <= 0 || ow <= 0) {
      throw new IllegalArgumentException(
          op
              + ": input "
              + Arrays.toString(x)
              + " is smaller than the (dilated) kernel "
              + weight[2]
              + "x"
              + weight[3]
              + " with padding "
              + Arrays.toString(padding)
              + ": output would be "
              + oh
              + "x"
              + ow);
    }
    return new ConvGeometry(
        x[0],
        x[1],
        x[2],
        x[3],
        weight[0],
        weight[2],
        weight[3],
        stride[0],
        stride[1],
        padding[0],
        padding[1],
        dilation[0],
        dilation[1],
        groups,
        oh,
        ow);
  }

  /** {@code floor((in + 2·pad − dil·(k − 1) − 1) / stride) + 1}. */
  public static int outSize(int in, int k, int stride, int pad, int dil) {
    int span = in + 2 * pad - dil * (k - 1) - 1;
    return span < 0 ? 0 : span / stride + 1;
  }

  /** Input channels per group. */
  public int cg() {
    return c / groups;
  }

  /** Output channels per group. */
  public int og() {
    return o / groups;
  }

  /** Rows of the column matrix: weights per filter. */
  public int k() {
    return cg() * kh * kw;
  }

  /** Columns of the column matrix: output positions. */
  public int p() {
    return oh * ow;
  }

  /** A 1x1, stride-1, unpadded convolution: the input plane already is the column matrix. */
  public boolean isPointwise() {
    return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0;
  }

  /**
   * Fills {@code col [K, P]} from the {@code Cg} channels of {@code x} starting at {@code xOff}.
   * Positions in the padding are zero.
   */
  public void im2col(float[] x, int xOff, float[] col) {
    if (isShiftable()) {
      im2colShifted(x, xOff, col);
      return;
    }
    if (ConvStrips.applies(this)) {
      ConvStrips.im2col(this, x, xOff, col);
      return;
    }
    int p = p();
    int row = 0;
    for (int ci = 0; ci < cg(); ci++) {
      int plane = xOff + ci * h * w;
      for (int ki = 0; ki < kh; ki++) {
        for (int kj = 0; kj < kw; kj++, row++) {
          gatherColumnRow(x, plane, ki, kj, col, row * p);
        }
      }
    }
  }

  /**
   * Row {@code (ci, ki, kj)} of the column matrix, all {@code OH·OW} entries, for any stride: which
   * output columns read inside the input ({@link ColumnsInside}) is worked out once for the row.
   * Why not {@link #gatherRow} per output row: with a stride of 2 an output row is 7 or 14 entries,
   * and its two divisions cost more than the copy; they were a quarter of a DCGAN step (the
   * discriminator's convolutions, forward and backward).
   */
  private void gatherColumnRow(float[] x, int plane, int ki, int kj, float[] col, int dst) {
    ColumnsInside in = columnsInside(kj);
    for (int r = 0; r < oh; r++, dst += ow) {
      gatherRow(x, plane, r * sh - ph + ki * dh, in, col, dst);
    }
  }

  /** The transpose of {@link #gatherColumnRow}: adds the row's entries back onto the input. */
  private void scatterColumnRow(float[] col, int src, float[] dx, int plane, int ki, int kj) {
    ColumnsInside in = columnsInside(kj);
    for (int r = 0; r < oh; r++, src += ow) {
      scatterAddRow(col, src, dx, plane, r * sh - ph + ki * dh, in);
    }
  }

  /**
   * For kernel column {@code kj}: output column {@code q} reads input column {@code q·sw + shift},
   * which lies inside {@code [0, w)} for {@code q} in {@code [lo, hi)}.
   */
  private record ColumnsInside(int shift, int lo, int hi) {}

  private ColumnsInside columnsInside(int kj) {
    int shift = kj * dw - pw;
    return new ColumnsInside(shift, clampDiv(-shift, sw), Math.min(ow, clampDiv(w - shift, sw)));
  }

  /**
   * One output row's worth ({@code ow} entries) of a column-matrix row: {@code dst[dstOff + q] =
   * x[plane + ih·w + q·sw − pw + kj·dw]}, zero where that lies in the padding (also when input row
   * {@code ih} does).
   */
  void gatherRow(float[] x, int plane, int ih, int kj, float[] dst, int dstOff) {
    gatherRow(x, plane, ih, columnsInside(kj), dst, dstOff);
  }

  private void gatherRow(float[] x, int plane, int ih, ColumnsInside in, float[] dst, int dstOff) {
    int qLo = in.lo(), qHi = in.hi();
    if (ih < 0 || ih >= h || qLo >= qHi) {
      Arrays.fill(dst, dstOff, dstOff + ow, 0f);
      return;
    }
    int src = plane + ih * w + in.shift();
    Arrays.fill(dst, dstOff, dstOff + qLo, 0f);
    if (sw == 1) {
      System.arraycopy(x, src + qLo, dst, dstOff + qLo, qHi - qLo);
    } else {
      for (int q = qLo; q < qHi; q++) dst[dstOff + q] = x[src + q * sw];
    }
    Arrays.fill(dst, dstOff + qHi, dstOff + ow, 0f);
  }

  /** The transpose of {@link #gatherRow}: adds {@code ow} entries back onto their input places. */
  void scatterAddRow(float[] src, int srcOff, float[] dx, int plane, int ih, int kj) {
    scatterAddRow(src, srcOff, dx, plane, ih, columnsInside(kj));
  }

  private void scatterAddRow(
      float[] src, int srcOff, float[] dx, int plane, int ih, ColumnsInside in) {
    if (ih < 0 || ih >= h) return;
    int dst = plane + ih * w + in.shift();
    if (sw == 1) {
      for (int q = in.lo(); q < in.hi(); q++) dx[dst + q] += src[srcOff + q];
    } else {
      for (int q = in.lo(); q < in.hi(); q++) dx[dst + q * sw] += src[srcOff + q];
    }
  }

  /**
   * The transpose of {@link #im2col}: adds every entry of {@code col [K, P]} back onto the input
   * position it was copied from, in {@code dx} starting at {@code xOff}. Overlapping receptive
   * fields add up, which is exactly the gradient of im2col. {@code col} is scratch: the entries
   * that belong to the padding may be overwritten with zeros.
   */
  public void col2im(float[] col, float[] dx, int xOff) {
    if (isShiftable()) {
      col2imShifted(col, dx, xOff);
      return;
    }
    if (ConvStrips.applies(this)) {
      ConvStrips.col2im(this, col, dx, xOff);
      return;
    }
    int p = p();
    int row = 0;
    for (int ci = 0; ci < cg(); ci++) {
      int plane = xOff + ci * h * w;
      for (int ki = 0; ki < kh; ki++) {
        for (int kj = 0; kj < kw; kj++, row++) {
          scatterColumnRow(col, row * p, dx, plane, ki, kj);
        }
      }
    }
  }

  /**
   * Stride 1 and an output as wide as the input ({@code 2·pw = dw·(kw − 1)}, "same" padding, as in
   * LeNet's first and the CNN's convolutions). Then column entry {@code r·w + q} of row {@code (ci,
   * ki, kj)} is input entry {@code r·w + q + shift} of plane {@code ci}, with one constant {@code
   * shift = (ki·dh − ph)·w + kj·dw − pw}: a row of the column matrix is the plane shifted, one copy
   * instead of one per output row. Only the entries that fall outside the plane must be zero: whole
   * output rows above and below it, and the first or last columns, which the shift wraps around to
   * the neighbouring input row.
   */
  boolean isShiftable() {
    return sh == 1 && sw == 1 && ow == w;
  }

  /** {@link #im2col} when {@link #isShiftable}: one copy per row of the column matrix. */
  private void im2colShifted(float[] x, int xOff, float[] col) {
    int p = p();
    int row = 0;
    for (int ci = 0; ci < cg(); ci++) {
      int plane = xOff + ci * h * w;
      for (int ki = 0; ki < kh; ki++) {
        int rowShift = ki * dh - ph;
        // Output rows r whose input row r + rowShift lies inside [0, h).
        int rLo = Math.max(0, -rowShift), rHi = Math.min(oh, h - rowShift);
        for (int kj = 0; kj < kw; kj++, row++) {
          int dst = row * p;
          if (rLo >= rHi) {
            Arrays.fill(col, dst, dst + p, 0f);
            continue;
          }
          int colShift = kj * dw - pw;
          int qLo = Math.max(0, -colShift), qHi = Math.min(w, w - colShift);
          int from = rLo * w + qLo, to = (rHi - 1) * w + qHi; // first and past-last inside entry
          Arrays.fill(col, dst, dst + from, 0f);
          System.arraycopy(x, plane + from + rowShift * w + colShift, col, dst + from, to - from);
          Arrays.fill(col, dst + to, dst + p, 0f);
          // The edge columns copied from the neighbouring input row lie in the padding.
          zeroWrappedColumns(col, dst, rLo, rHi, qLo, qHi);
        }
      }
    }
  }

  /**
   * {@link #col2im} when {@link #isShiftable}: one contiguous add per row of the column matrix. The
   * entries that belong to the padding are zeroed in {@code col} first (it is a scratch buffer of
   * the caller), so that adding them puts nothing on the neighbouring input row.
   */
  private void col2imShifted(float[] col, float[] dx, int xOff) {
    int p = p();
    int row = 0;
    for (int ci = 0; ci < cg(); ci++) {
      int plane = xOff + ci * h * w;
      for (int ki = 0; ki < kh; ki++) {
        int rowShift = ki * dh - ph;
        int rLo = Math.max(0, -rowShift), rHi = Math.min(oh, h - rowShift);
        for (int kj = 0; kj < kw; kj++, row++) {
          if (rLo >= rHi) continue;
          int src = row * p;
          int colShift = kj * dw - pw;
          int qLo = Math.max(0, -colShift), qHi = Math.min(w, w - colShift);
          zeroWrappedColumns(col, src, rLo, rHi, qLo, qHi);
          int from = rLo * w + qLo, to = (rHi - 1) * w + qHi;
          int d = plane + rowShift * w + colShift;
          for (int i = from; i < to; i++) dx[d + i] += col[src + i];
        }
      }
    }
  }

  /**
   * Zeroes, in the column row starting at {@code base}, output rows {@code rLo..rHi}'s columns
   * outside {@code [qLo, qHi)}: in a shifted copy they hold the neighbouring input row.
   */
  private void zeroWrappedColumns(float[] col, int base, int rLo, int rHi, int qLo, int qHi) {
    for (int r = rLo; r < rHi; r++) {
      for (int q = 0; q < qLo; q++) col[base + r * w + q] = 0f;
      for (int q = qHi; q < w; q++) col[base + r * w + q] = 0f;
    }
  }

  /** The smallest q ≥ 0 with q·s ≥ a, i.e. max(0, ceil(a / s)). */
  private static int clampDiv(int a, int s) {
    if (a <= 0) return 0;
    return (a + s - 1) / s;
  }
}
