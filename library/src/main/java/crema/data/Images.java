package crema.data;

import crema.tensor.Tensor;
import java.util.Arrays;

/** Pixel helpers shared by the image transforms; images are {@code [C, H, W]} or {@code [H, W]}. */
final class Images {
  private Images() {}

  /** {C, H, W} of an image tensor, with C = 1 for a 2-D one; anything else is an error. */
  static int[] chw(Tensor x, String op) {
    int[] s = x.shape();
    if (s.length == 3) {
      return s;
    }
    if (s.length == 2) {
      return new int[] {1, s[0], s[1]};
    }
    throw new IllegalArgumentException(
        op + ": expects an image [C, H, W] or [H, W], got " + Arrays.toString(s));
  }

  /**
   * Warps every channel with the inverse affine map src = A·(dst − c) + c + t, where c is the image
   * centre, with bilinear sampling; outside pixels are 0.
   *
   * @param a the 2×2 matrix {a00, a01, a10, a11} acting on (x, y)
   * @param tx translation of the sampling point in pixels, x
   * @param ty translation of the sampling point in pixels, y
   */
  static Tensor warp(Tensor img, double[] a, double tx, double ty, String op) {
    int[] chw = chw(img, op);
    int c = chw[0];
    int h = chw[1];
    int w = chw[2];
    float[] src = img.data();
    float[] dst = new float[src.length];
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    for (int oy = 0; oy < h; oy++) {
      for (int ox = 0; ox < w; ox++) {
        double dx = ox - cx;
        double dy = oy - cy;
        double sx = a[0] * dx + a[1] * dy + cx + tx;
        double sy = a[2] * dx + a[3] * dy + cy + ty;
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) {
          continue;
        }
        float fx = (float) (sx - x0);
        float fy = (float) (sy - y0);
        for (int ch = 0; ch < c; ch++) {
          int base = ch * h * w;
          float v00 = pixel(src, base, w, h, x0, y0);
          float v01 = pixel(src, base, w, h, x0 + 1, y0);
          float v10 = pixel(src, base, w, h, x0, y0 + 1);
          float v11 = pixel(src, base, w, h, x0 + 1, y0 + 1);
          float top = v00 + (v01 - v00) * fx;
          float bottom = v10 + (v11 - v10) * fx;
          dst[base + oy * w + ox] = top + (bottom - top) * fy;
        }
      }
    }
    return Tensor.wrap(dst, img.shape());
  }

  private static float pixel(float[] src, int base, int w, int h, int x, int y) {
    return x < 0 || y < 0 || x >= w || y >= h ? 0f : src[base + y * w + x];
  }

  /** Bilinear resize of the box (x0, y0, bw, bh) of every channel to {@code outH × outW}. */
  static float[] cropResize(
      float[] src,
      int c,
      int h,
      int w,
      double x0,
      double y0,
      double bw,
      double bh,
      int outH,
      int outW) {
    float[] dst = new float[c * outH * outW];
    for (int oy = 0; oy < outH; oy++) {
      // Pixel-centre alignment, as torchvision's resize (align_corners=False).
      double sy = y0 + (oy + 0.5) * bh / outH - 0.5;
      int ya = (int) Math.floor(sy);
      float fy = (float) (sy - ya);
      int y1 = Math.min(Math.max(ya + 1, 0), h - 1);
      int yb = Math.min(Math.max(ya, 0), h - 1);
      for (int ox = 0; ox < outW; ox++) {
        double sx = x0 + (ox + 0.5) * bw / outW - 0.5;
        int xa = (int) Math.floor(sx);
        float fx = (float) (sx - xa);
        int x1 = Math.min(Math.max(xa + 1, 0), w - 1);
        int xb = Math.min(Math.max(xa, 0), w - 1);
        for (int ch = 0; ch < c; ch++) {
          int base = ch * h * w;
          float v00 = src[base + yb * w + xb];
          float v01 = src[base + yb * w + x1];
          float v10 = src[base + y1 * w + xb];
          float v11 = src[base + y1 * w + x1];
          float top = v00 + (v01 - v00) * fx;
          float bottom = v10 + (v11 - v10) * fx;
          dst[ch * outH * outW + oy * outW + ox] = top + (bottom - top) * fy;
        }
      }
    }
    return dst;
  }
}
