package crema.backend;

import java.util.Arrays;

/**
 * im2col and col2im through row strips, for the convolutions with vertical stride 1 that the
 * shifted-plane path of {@link ConvGeometry} does not take: LeNet's second convolution (5×5, no
 * padding, 14×14 in, 10×10 out) is the course's case.
 *
 * <p>Row {@code (ci, ki, kj)} of the column matrix holds, at output row {@code r} and column {@code
 * q}, the input {@code x[ci, r − ph + ki·dh, q·sw − pw + kj·dw]}. Fix {@code ci} and {@code kj}:
 * the rows for {@code ki = 0, 1, …} read the same input columns, each starting {@code dh} input
 * rows further down. So gather, once per {@code (ci, kj)}, the strip
 *
 * <pre>
 * S[t, q] = x[ci, t − ph, q·sw − pw + kj·dw]      t = 0 .. oh + (kh − 1)·dh − 1   (0 in the padding)
 * </pre>
 *
 * <p>and every row of the group is one contiguous run of {@code oh·ow} entries of {@code S},
 * starting at {@code t = ki·dh}. The general loop copies {@code kh·oh} short pieces of {@code ow}
 * floats per {@code (ci, kj)}; this copies {@code oh + (kh − 1)·dh} short pieces and {@code kh}
 * long ones. At LeNet's shapes that is 14 short copies instead of 50, and the per-copy overhead of
 * 10-float pieces was what made the general im2col and col2im as slow as the GEMMs they feed.
 * col2im is the same in reverse: add each row into its strip (long, vectorised adds), then the
 * strip onto the input.
 */
final class ConvStrips {
  private ConvStrips() {}

  /** Vertical stride 1 and more than one kernel row: the rows of a group overlap. */
  static boolean applies(ConvGeometry g) {
    return g.sh() == 1 && g.kh() > 1;
  }

  /** Fills {@code col [K, P]}, as {@code ConvGeometry.im2col} does. */
  static void im2col(ConvGeometry g, float[] x, int xOff, float[] col) {
    int p = g.p(), rows = rows(g);
    float[] strip = Scratch.get(Scratch.STRIP, rows * g.ow());
    for (int ci = 0; ci < g.cg(); ci++) {
      int plane = xOff + ci * g.h() * g.w();
      for (int kj = 0; kj < g.kw(); kj++) {
        for (int t = 0; t < rows; t++) {
          g.gatherRow(x, plane, t - g.ph(), kj, strip, t * g.ow());
        }
        for (int ki = 0; ki < g.kh(); ki++) {
          int row = (ci * g.kh() + ki) * g.kw() + kj;
          System.arraycopy(strip, ki * g.dh() * g.ow(), col, row * p, p);
        }
      }
    }
  }

  /** Adds {@code col [K, P]} back onto {@code dx} as {@code ConvGeometry.col2im} does. */
  static void col2im(ConvGeometry g, float[] col, float[] dx, int xOff) {
    int p = g.p(), rows = rows(g);
    float[] strip = Scratch.get(Scratch.STRIP, rows * g.ow());
    for (int ci = 0; ci < g.cg(); ci++) {
      int plane = xOff + ci * g.h() * g.w();
      for (int kj = 0; kj < g.kw(); kj++) {
        Arrays.fill(strip, 0, rows * g.ow(), 0f);
        for (int ki = 0; ki < g.kh(); ki++) {
          int src = ((ci * g.kh() + ki) * g.kw() + kj) * p;
          int dst = ki * g.dh() * g.ow();
          for (int i = 0; i < p; i++) strip[dst + i] += col[src + i];
        }
        for (int t = 0; t < rows; t++) {
          g.scatterAddRow(strip, t * g.ow(), dx, plane, t - g.ph(), kj);
        }
      }
    }
  }

  /** Strip rows: every input row (or padding row) some output row reads. */
  private static int rows(ConvGeometry g) {
    return g.oh() + (g.kh() - 1) * g.dh();
  }
}
