package crema.nn.ops;

import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * Average pooling over 2-D windows.
 *
 * <p>Forward: {@code out[n, c, i, j] = (1 / (kh·kw)) · Σ_{u, v} x[n, c, i·sh − ph + u, j·sw − pw +
 * v]}, where padded positions count as zeros (PyTorch's default {@code count_include_pad=True}).
 *
 * <p>Backward: every input of a window receives an equal share of its output gradient: {@code dx[n,
 * c, r, s] += dY[n, c, i, j] / (kh·kw)} for each window {@code (i, j)} containing {@code (r, s)}.
 *
 * <pre>{@code
 * Tensor y = new AvgPool2dFunction(2, 2, 2, 2, 0, 0).apply(x);   // or F.avgPool2d(x, 2)
 * }</pre>
 */
public final class AvgPool2dFunction extends Function {
  private final int kh, kw, sh, sw, ph, pw;
  private int[] inShape;
  private PoolGeometry pg;

  /**
   * Windows of {@code kh×kw}, moved by {@code sh, sw}, over an input zero-padded by {@code ph, pw}.
   */
  public AvgPool2dFunction(int kh, int kw, int sh, int sw, int ph, int pw) {
    if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || ph < 0 || pw < 0 || ph * 2 > kh || pw * 2 > kw) {
      throw new IllegalArgumentException(
          "avgPool2d: needs kernel, stride >= 1 and 0 <= padding <= kernel/2, got kernel "
              + kh
              + "x"
              + kw
              + ", stride "
              + sh
              + "x"
              + sw
              + ", padding "
              + ph
              + "x"
              + pw);
    }
    this.kh = kh;
    this.kw = kw;
    this.sh = sh;
    this.sw = sw;
    this.ph = ph;
    this.pw = pw;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    inShape = in[0].shape();
    pg = PoolGeometry.of("avgPool2d", inShape, kh, kw, sh, sw, ph, pw);
    float[] x = in[0].data();
    int h = pg.h(), w = pg.w(), oh = pg.oh(), ow = pg.ow();
    float[] out = new float[pg.planes() * oh * ow];
    float scale = 1f / (kh * kw);
    for (int pl = 0; pl < pg.planes(); pl++) {
      int base = pl * h * w;
      int o = pl * oh * ow;
      for (int i = 0; i < oh; i++) {
        int r0 = Math.max(0, i * sh - ph), r1 = Math.min(h, i * sh - ph + kh);
        for (int j = 0; j < ow; j++, o++) {
          int c0 = Math.max(0, j * sw - pw), c1 = Math.min(w, j * sw - pw + kw);
          float acc = 0f;
          for (int r = r0; r < r1; r++) {
            int row = base + r * w;
            for (int c = c0; c < c1; c++) acc += x[row + c];
          }
          out[o] = acc * scale;
        }
      }
    }
    int[] outShape = inShape.clone();
    outShape[outShape.length - 2] = oh;
    outShape[outShape.length - 1] = ow;
    return Tensor.wrap(out, outShape);
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] gy = gradOut.data();
    int h = pg.h(), w = pg.w(), oh = pg.oh(), ow = pg.ow();
    float[] dx = new float[pg.planes() * h * w];
    float scale = 1f / (kh * kw);
    for (int pl = 0; pl < pg.planes(); pl++) {
      int base = pl * h * w;
      int o = pl * oh * ow;
      for (int i = 0; i < oh; i++) {
        int r0 = Math.max(0, i * sh - ph), r1 = Math.min(h, i * sh - ph + kh);
        for (int j = 0; j < ow; j++, o++) {
          int c0 = Math.max(0, j * sw - pw), c1 = Math.min(w, j * sw - pw + kw);
          float g = gy[o] * scale;
          for (int r = r0; r < r1; r++) {
            int row = base + r * w;
            for (int c = c0; c < c1; c++) dx[row + c] += g;
          }
        }
      }
    }
    return new Tensor[] {Tensor.wrap(dx, inShape)};
  }
}
