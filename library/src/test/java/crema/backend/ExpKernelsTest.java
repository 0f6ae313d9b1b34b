package crema.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The fast exp, sigmoid and tanh against {@link Math#exp} and {@link Math#tanh} (in double, then
 * rounded): a sweep over every 401st float bit pattern of both signs ({@link UlpSweep}: about 10
 * million inputs, all magnitudes from subnormals to infinity), plus the special values.
 */
class ExpKernelsTest {
  @Test
  void expIsWithinOneUlpOverTheWholeRange() {
    long w =
        UlpSweep.worstUlps(
            ExpKernels::exp, Math::exp, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    assertTrue(w <= 1, "worst error " + w + " ulp");
  }

  @Test
  void sigmoidIsWithinTwoUlps() {
    // Below -88 the true value is subnormal and the float formula gives 0 (as PyTorch's does).
    long w =
        UlpSweep.worstUlps(
            ExpKernels::sigmoid, v -> 1 / (1 + Math.exp(-v)), -88f, Float.POSITIVE_INFINITY);
    assertTrue(w <= 2, "worst error " + w + " ulp");
  }

  @Test
  void tanhIsWithinTwoUlpsIncludingTinyArguments() {
    long w =
        UlpSweep.worstUlps(
            ExpKernels::tanh, Math::tanh, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    assertTrue(w <= 2, "worst error " + w + " ulp");
  }

  @Test
  void specialValues() {
    float[] x = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 89f, -104f};
    float[] e = new float[x.length];
    float[] s = new float[x.length];
    float[] t = new float[x.length];
    ExpKernels.exp(x, e);
    ExpKernels.sigmoid(x, s);
    ExpKernels.tanh(x, t);
    assertTrue(Float.isNaN(e[0]) && Float.isNaN(s[0]) && Float.isNaN(t[0]));
    assertEquals(Float.POSITIVE_INFINITY, e[1]);
    assertEquals(0f, e[2]);
    assertEquals(1f, e[3]);
    assertEquals(1f, e[4]);
    assertEquals(Float.POSITIVE_INFINITY, e[5]); // e^89 > Float.MAX_VALUE
    assertEquals(0f, e[6]); // e^-104 is below half the smallest subnormal
    assertEquals(1f, s[1]);
    assertEquals(0f, s[2]);
    assertEquals(0.5f, s[3]);
    assertEquals(1f, t[1]);
    assertEquals(-1f, t[2]);
    assertEquals(0f, t[3]);
    assertEquals(1f, t[5]);
    assertEquals(-1f, t[6]);
  }

  @Test
  void oddLengthsAndChunkBoundaries() {
    for (int n : new int[] {0, 1, 7, 255, 256, 257, 1000}) {
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = (i - n / 2) * 0.05f;
      }
      float[] y = new float[n];
      ExpKernels.exp(x, y);
      for (int i = 0; i < n; i++) {
        assertTrue(UlpSweep.ulps(y[i], (float) Math.exp(x[i])) <= 1, "n = " + n + ", i = " + i);
      }
    }
  }

  @Test
  void scalarExpWithinAFewUlpOfMathExpOverTheSoftmaxRange() {
    for (int i = 0; i <= 200_000; i++) {
      float x = -87f * i / 200_000f + (i % 2 == 0 ? 0f : 20f * i / 200_000f);
      double expected = Math.exp(x);
      float got = ExpKernels.exp(x);
      assertTrue(
          Math.abs(got - expected) <= 3e-7 * expected,
          "exp(" + x + ") = " + expected + ", got " + got);
    }
    assertEquals(1f, ExpKernels.exp(0f), 0f);
  }

  @Test
  void scalarExpOfMinusInfinityIsZeroAndNaNStaysNaN() {
    assertEquals(0f, ExpKernels.exp(Float.NEGATIVE_INFINITY), 0f);
    assertEquals(0f, ExpKernels.exp(-1000f), 0f);
    assertTrue(Float.isNaN(ExpKernels.exp(Float.NaN)));
    // a fully masked softmax row: -inf minus its max -inf
    assertTrue(Float.isNaN(ExpKernels.exp(Float.NEGATIVE_INFINITY - Float.NEGATIVE_INFINITY)));
  }

  @Test
  void inPlaceRunsMatchTheArrayKernelsBitForBitAndTouchNothingElse() {
    int n = 1000;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (i - n / 2) * 0.04f;
    }
    float[] sig = new float[n];
    float[] tanh = new float[n];
    ExpKernels.sigmoid(x, sig);
    ExpKernels.tanh(x, tanh);
    int from = 3;
    int len = 700; // over a chunk boundary, at an offset as a gate run is
    float[] a = x.clone();
    float[] b = x.clone();
    ExpKernels.sigmoid(a, from, len);
    ExpKernels.tanh(b, from, len);
    for (int i = 0; i < n; i++) {
      boolean inside = i >= from && i < from + len;
      assertEquals(inside ? sig[i] : x[i], a[i], 0f, "sigmoid at " + i);
      assertEquals(inside ? tanh[i] : x[i], b[i], 0f, "tanh at " + i);
    }
  }
}
