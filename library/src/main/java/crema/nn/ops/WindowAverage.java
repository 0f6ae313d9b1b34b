package crema.nn.ops;

import crema.tensor.Tensor;

/**
 * Forward and backward of an average over rectangular windows of {@code h×w} planes, shared by
 * {@link AvgPool2dFunction} and {@link AdaptiveAvgPool2dFunction}, which differ only in where the
 * windows lie and what they divide by. Output {@code (i, j)} averages input rows {@code [r0[i],
 * r1[i])} and columns {@code [c0[j], c1[j])}:
 *
 * <pre>
 *   out[i, j] = Σ x[r, c] / divisor(i, j)            dx[r, c] += dY[i, j] / divisor(i, j)
 * </pre>
 *
 * where the divisor is a fixed count ({@code kh·kw} for {@code AvgPool2d}, whose padded positions
 * count as zeros) or, when the count is 0, the window's own area (adaptive pooling). It divides, as
 * PyTorch's kernels do.
 */
final class WindowAverage {
  private final int h, w;
  private final int[] r0, r1, c0, c1;
  private final int count;

  /**
   * @param count the divisor of every window, or 0 to divide each by its own area
   */
  WindowAverage(int h, int w, int[] r0, int[] r1, int[] c0, int[] c1, int count) {
    this.h = h;
    this.w = w;
    this.r0 = r0;
    this.r1 = r1;
    this.c0 = c0;
    this.c1 = c1;
    this.count = count;
  }

  /**
   * The windows of a sliding {@code window} over an {@code h×w} input with an {@code oh×ow} output.
   */
  static WindowAverage sliding(PoolWindow window, PoolGeometry pg) {
    int[] r0 = new int[pg.oh()], r1 = new int[pg.oh()];
    int[] c0 = new int[pg.ow()], c1 = new int[pg.ow()];
    for (int i = 0; i < r0.length; i++) {
      r0[i] = window.rowStart(i);
      r1[i] = window.rowEnd(i, pg.h());
    }
    for (int j = 0; j < c0.length; j++) {
      c0[j] = window.colStart(j);
      c1[j] = window.colEnd(j, pg.w());
    }
    return new WindowAverage(pg.h(), pg.w(), r0, r1, c0, c1, window.kh() * window.kw());
  }

  /** The averages of {@code planes} planes of {@code x}, in {@code outShape}. */
  Tensor forward(float[] x, int planes, int[] outShape) {
    int oh = r0.length, ow = c0.length;
    float[] out = new float[planes * oh * ow];
    for (int pl = 0; pl < planes; pl++) {
      int base = pl * h * w;
      int o = pl * oh * ow;
      for (int i = 0; i < oh; i++) {
        int rs = r0[i], re = r1[i];
        for (int j = 0; j < ow; j++, o++) {
          int cs = c0[j], ce = c1[j];
          float acc = 0f;
          for (int r = rs; r < re; r++) {
            int row = base + r * w;
            for (int c = cs; c < ce; c++) acc += x[row + c];
          }
          out[o] = acc / (count != 0 ? count : (re - rs) * (ce - cs));
        }
      }
    }
    return Tensor.wrap(out, outShape);
  }

  /** Each input's share of the gradients {@code gy} of the windows it lies in. */
  Tensor backward(float[] gy, int planes, int[] inShape) {
    int oh = r0.length, ow = c0.length;
    float[] dx = new float[planes * h * w];
    for (int pl = 0; pl < planes; pl++) {
      int base = pl * h * w;
      int o = pl * oh * ow;
      for (int i = 0; i < oh; i++) {
        int rs = r0[i], re = r1[i];
        for (int j = 0; j < ow; j++, o++) {
          int cs = c0[j], ce = c1[j];
          float g = gy[o] / (count != 0 ? count : (re - rs) * (ce - cs));
          for (int r = rs; r < re; r++) {
            int row = base + r * w;
            for (int c = cs; c < ce; c++) dx[row + c] += g;
          }
        }
      }
    }
    return Tensor.wrap(dx, inShape);
  }
}
