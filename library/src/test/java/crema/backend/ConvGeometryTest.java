package crema.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import crema.tensor.Rng;
import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * im2col and col2im against their definition, entry by entry, on the geometries that take the
 * shifted-plane path ({@link ConvGeometry#isShiftable}: stride 1, "same" width, with dilation,
 * unequal paddings, a kernel taller than the padded input's rows), on those that take the row
 * strips ({@link ConvStrips}: row stride 1, with column strides, dilation and padding), and on the
 * general path.
 */
class ConvGeometryTest {

  /** {kh, kw, ph, pw, dh, dw, sh, sw, h, w, channels}. */
  private static final int[][] CASES = {
    {3, 3, 1, 1, 1, 1, 1, 1, 14, 14, 3}, // the CNN's
    {5, 5, 2, 2, 1, 1, 1, 1, 28, 28, 1}, // LeNet's first
    {5, 5, 0, 0, 1, 1, 1, 1, 14, 14, 2}, // LeNet's second: row strips
    {3, 5, 0, 2, 1, 1, 1, 1, 6, 7, 2}, // same width, narrower height
    {5, 3, 3, 1, 1, 1, 1, 1, 4, 5, 2}, // padding taller than half the kernel rows
    {3, 3, 2, 2, 2, 2, 1, 1, 7, 9, 2}, // dilation 2
    {1, 1, 0, 0, 1, 1, 1, 1, 3, 4, 2}, // pointwise
    {7, 3, 3, 1, 1, 1, 1, 1, 2, 3, 1}, // kernel rows taller than the input
    {3, 3, 1, 1, 1, 1, 2, 2, 9, 8, 2}, // stride 2: general path
    {3, 3, 1, 0, 1, 1, 1, 2, 7, 9, 2}, // row strips with a column stride
    {3, 2, 2, 1, 2, 1, 1, 1, 5, 6, 2}, // row strips, row dilation and padding, width "valid"
    {1, 3, 0, 1, 1, 1, 1, 2, 4, 7, 2}, // one kernel row, strided: general path
    {4, 4, 1, 1, 1, 1, 2, 2, 14, 14, 2}, // the DCGAN discriminator's: general path
    {3, 3, 4, 4, 2, 2, 3, 3, 5, 5, 1}, // general path, rows and columns wholly in the padding
  };

  private static ConvGeometry geometry(int[] c) {
    return ConvGeometry.of(
        "test",
        new int[] {2, c[10], c[8], c[9]},
        new int[] {3, c[10], c[0], c[1]},
        new int[] {c[6], c[7]},
        new int[] {c[2], c[3]},
        new int[] {c[4], c[5]},
        1);
  }

  /** The input index column entry (row, pos) reads, or -1 where it lies in the padding. */
  private static int source(ConvGeometry g, int row, int pos) {
    int ci = row / (g.kh() * g.kw()), ki = row / g.kw() % g.kh(), kj = row % g.kw();
    int r = pos / g.ow(), q = pos % g.ow();
    int ih = r * g.sh() - g.ph() + ki * g.dh(), iw = q * g.sw() - g.pw() + kj * g.dw();
    if (ih < 0 || ih >= g.h() || iw < 0 || iw >= g.w()) return -1;
    return (ci * g.h() + ih) * g.w() + iw;
  }

  @Test
  void im2colAndCol2imFollowTheDefinition() {
    Rng rng = new Rng(7);
    for (int[] c : CASES) {
      ConvGeometry g = geometry(c);
      int plane = g.c() * g.h() * g.w();
      float[] x = Tensor.randn(rng, 2 * plane).data();
      float[] col = Tensor.randn(rng, g.k() * g.p()).data(); // garbage: im2col must overwrite all
      g.im2col(x, plane, col); // the second sample, to test the offset
      float[] dcol = Tensor.randn(rng, g.k() * g.p()).data();
      float[] expectedDx = new float[2 * plane];
      for (int row = 0; row < g.k(); row++) {
        for (int pos = 0; pos < g.p(); pos++) {
          int s = source(g, row, pos);
          String where = java.util.Arrays.toString(c) + " row " + row + " pos " + pos;
          assertEquals(s < 0 ? 0f : x[plane + s], col[row * g.p() + pos], where);
          if (s >= 0) expectedDx[plane + s] += dcol[row * g.p() + pos];
        }
      }
      float[] dx = new float[2 * plane];
      g.col2im(dcol, dx, plane);
      assertArrayEquals(expectedDx, dx, 1e-5f, java.util.Arrays.toString(c));
    }
  }

  @Test
  void theShiftedPathIsTakenWhereExpected() {
    assertEquals(true, geometry(CASES[0]).isShiftable());
    assertEquals(true, geometry(CASES[1]).isShiftable());
    assertEquals(false, geometry(CASES[2]).isShiftable());
    assertEquals(false, geometry(CASES[8]).isShiftable());
  }

  @Test
  void theRowStripsAreTakenWhereExpected() {
    assertEquals(true, ConvStrips.applies(geometry(CASES[2])));
    assertEquals(true, ConvStrips.applies(geometry(CASES[9])));
    assertEquals(true, ConvStrips.applies(geometry(CASES[10])));
    assertEquals(false, ConvStrips.applies(geometry(CASES[8])));
    assertEquals(false, ConvStrips.applies(geometry(CASES[11])));
  }
}
