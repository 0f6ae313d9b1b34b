package crema.nn.ops;

import crema.tensor.Function;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * Up-sampling of {@code [N, C, H, W]} by an integer factor, nearest or bilinear ({@code
 * align_corners=False}, PyTorch's default).
 *
 * <ul>
 *   <li>nearest: {@code y[i, j] = x[⌊i/s⌋, ⌊j/s⌋]}; backward sums each s×s block of dY.
 *   <li>bilinear: output pixel centres map back to {@code src = (i + ½)/s − ½} (clamped at 0), and
 *       {@code y} mixes the four neighbours with weights {@code (1−α)(1−β), ...}; backward adds dY
 *       to the same four neighbours with the same weights.
 * </ul>
 */
public final class UpsampleFunction extends Function {
  private final int scale;
  private final boolean bilinear;
  private int[] inShape;

  public UpsampleFunction(int scale, boolean bilinear) {
    if (scale < 1) {
      throw new IllegalArgumentException("upsample: scale factor must be ≥ 1, got " + scale);
    }
    this.scale = scale;
    this.bilinear = bilinear;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    Tensor x = in[0];
    inShape = x.shape();
    if (inShape.length != 4) {
      throw new IllegalArgumentException(
          "upsample: expects [N, C, H, W], got " + Arrays.toString(inShape));
    }
    int planes = inShape[0] * inShape[1];
    int h = inShape[2];
    int w = inShape[3];
    int oh = h * scale;
    int ow = w * scale;
    float[] src = x.data();
    float[] out = new float[planes * oh * ow];
    for (int p = 0; p < planes; p++) {
      int si = p * h * w;
      int so = p * oh * ow;
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          out[so + i * ow + j] =
              bilinear ? sample(src, si, h, w, i, j) : src[si + (i / scale) * w + j / scale];
        }
      }
    }
    return Tensor.wrap(out, inShape[0], inShape[1], oh, ow);
  }

  private float sample(float[] src, int off, int h, int w, int i, int j) {
    float[] wts = new float[4];
    int[] idx = new int[4];
    neighbours(h, w, i, j, idx, wts);
    float v = 0;
    for (int q = 0; q < 4; q++) {
      v += wts[q] * src[off + idx[q]];
    }
    return v;
  }

  /** The four source pixels of output pixel (i, j), and their weights. */
  private void neighbours(int h, int w, int i, int j, int[] idx, float[] wts) {
    float sy = Math.max(0f, (i + 0.5f) / scale - 0.5f);
    float sx = Math.max(0f, (j + 0.5f) / scale - 0.5f);
    int y0 = (int) sy;
    int x0 = (int) sx;
    int y1 = Math.min(y0 + 1, h - 1);
    int x1 = Math.min(x0 + 1, w - 1);
    float ay = sy - y0;
    float ax = sx - x0;
    idx[0] = y0 * w + x0;
    idx[1] = y0 * w + x1;
    idx[2] = y1 * w + x0;
    idx[3] = y1 * w + x1;
    wts[0] = (1 - ay) * (1 - ax);
    wts[1] = (1 - ay) * ax;
    wts[2] = ay * (1 - ax);
    wts[3] = ay * ax;
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    int planes = inShape[0] * inShape[1];
    int h = inShape[2];
    int w = inShape[3];
    int oh = h * scale;
    int ow = w * scale;
    float[] gy = gradOut.data();
    float[] dx = new float[planes * h * w];
    int[] idx = new int[4];
    float[] wts = new float[4];
    for (int p = 0; p < planes; p++) {
      int si = p * h * w;
      int so = p * oh * ow;
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          float g = gy[so + i * ow + j];
          if (bilinear) {
            neighbours(h, w, i, j, idx, wts);
            for (int q = 0; q < 4; q++) {
              dx[si + idx[q]] += wts[q] * g;
            }
          } else {
            dx[si + (i / scale) * w + j / scale] += g;
          }
        }
      }
    }
    return new Tensor[] {Tensor.wrap(dx, inShape)};
  }
}
