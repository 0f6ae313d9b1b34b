package crema.nn.ops;

import java.util.Arrays;

/**
 * The window of a 2-D pooling: {@code kh×kw}, moved by {@code sh, sw}, over an input padded by
 * {@code ph, pw} on each side. Output row {@code i} covers input rows {@code [i·sh − ph, i·sh − ph
 * + kh)}, clipped to the input: padding is never read.
 */
record PoolWindow(int kh, int kw, int sh, int sw, int ph, int pw) {

  /**
   * A checked window: kernel and stride at least 1, padding at most half the kernel (PyTorch's
   * limits).
   */
  static PoolWindow of(String op, int kh, int kw, int sh, int sw, int ph, int pw) {
    PoolWindow window = new PoolWindow(kh, kw, sh, sw, ph, pw);
    if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || ph < 0 || pw < 0 || ph * 2 > kh || pw * 2 > kw) {
      throw new IllegalArgumentException(
          op + ": needs kernel, stride >= 1 and 0 <= padding <= kernel/2, got " + window);
    }
    return window;
  }

  /** The sizes of pooling an input of {@code shape} with this window. */
  PoolGeometry geometry(String op, int[] shape) {
    return PoolGeometry.of(op, shape, kh, kw, sh, sw, ph, pw);
  }

  /** The first input row of output row {@code i}. */
  int rowStart(int i) {
    return Math.max(0, i * sh - ph);
  }

  /** One past the last input row of output row {@code i}, in an input of {@code h} rows. */
  int rowEnd(int i, int h) {
    return Math.min(h, i * sh - ph + kh);
  }

  /** The first input column of output column {@code j}. */
  int colStart(int j) {
    return Math.max(0, j * sw - pw);
  }

  /** One past the last input column of output column {@code j}, in an input {@code w} wide. */
  int colEnd(int j, int w) {
    return Math.min(w, j * sw - pw + kw);
  }

  /** {@code kernel 3x3, stride 2x2, padding [1, 1]}. */
  @Override
  public String toString() {
    return "kernel "
        + kh
        + "x"
        + kw
        + ", stride "
        + sh
        + "x"
        + sw
        + ", padding "
        + Arrays.toString(new int[] {ph, pw});
  }
}
