package crema.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The gates' tanh and sigmoid against {@link Math#tanh} and {@code 1 / (1 + e^-x)} in double: a
 * sweep over every 401st float bit pattern of both signs (about 10 million inputs, subnormals to
 * infinity), the bounds a gate relies on, and the special values.
 */
class GateKernelsTest {
  private static final int STRIDE = 401;

  /** Every swept input, in blocks, through {@code check}. */
  private static void sweep(java.util.function.BiConsumer<float[], Integer> check) {
    float[] x = new float[1 << 16];
    long bits = 0;
    while (bits <= 0xFFFFFFFFL) {
      int n = 0;
      for (; n < x.length && bits <= 0xFFFFFFFFL; bits += STRIDE) {
        float v = Float.intBitsToFloat((int) bits);
        if (!Float.isNaN(v)) x[n++] = v;
      }
      check.accept(x, n);
    }
  }

  private static long ulps(float a, float b) {
    if (a == b) return 0;
    if (Math.signum(a) * Math.signum(b) < 0) return Long.MAX_VALUE;
    return Math.abs(
        (long) Float.floatToRawIntBits(Math.abs(a)) - Float.floatToRawIntBits(Math.abs(b)));
  }

  @Test
  void tanhIsWithinSixUlpsAndNeverAboveOne() {
    long[] worst = {0};
    sweep(
        (x, n) -> {
          float[] y = java.util.Arrays.copyOf(x, n);
          GateKernels.tanh(y, 0, n);
          for (int i = 0; i < n; i++) {
            long u = ulps(y[i], (float) Math.tanh(x[i]));
            worst[0] = Math.max(worst[0], u);
            assertTrue(u <= 6, () -> "tanh off by " + u + " ulp");
            assertTrue(Math.abs(y[i]) <= 1f, "|tanh| > 1");
          }
        });
    assertTrue(worst[0] >= 1, "a sweep of the rational function is never exact everywhere");
  }

  @Test
  void sigmoidIsWithinTwoTenMillionthsAndInsideZeroOne() {
    double[] worst = {0};
    sweep(
        (x, n) -> {
          float[] y = java.util.Arrays.copyOf(x, n);
          GateKernels.sigmoid(y, 0, n);
          for (int i = 0; i < n; i++) {
            double want = 1 / (1 + Math.exp(-(double) x[i]));
            worst[0] = Math.max(worst[0], Math.abs(y[i] - want));
            assertTrue(y[i] >= 0f && y[i] <= 1f, "σ outside [0, 1]");
          }
        });
    assertTrue(worst[0] <= 2.2e-7, "worst absolute error " + worst[0]);
  }

  @Test
  void saturatesExactlyAndKeepsNaN() {
    float[] t = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 20f, -0f, Float.NaN, 0.5f};
    GateKernels.tanh(t, 0, t.length);
    assertEquals(1f, t[0]);
    assertEquals(-1f, t[1]);
    assertEquals(1f, t[2]);
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(t[3]), "tanh(-0) = -0");
    assertTrue(Float.isNaN(t[4]));
    assertEquals(0.46211717f, t[5]);
    float[] s = {Float.NEGATIVE_INFINITY, -16f, Float.POSITIVE_INFINITY, 0f, 2f, Float.NaN};
    GateKernels.sigmoid(s, 0, s.length);
    assertEquals(0f, s[0]);
    assertEquals(0f, s[1]);
    assertEquals(1f, s[2]);
    assertEquals(0.5f, s[3]);
    assertEquals(0.8807971f, s[4]);
    assertTrue(Float.isNaN(s[5]));
  }

  @Test
  void touchesOnlyTheRunItIsGiven() {
    float[] a = {3f, 1f, 2f, 3f};
    GateKernels.tanh(a, 1, 2);
    assertEquals(3f, a[0]);
    assertEquals(3f, a[3]);
    assertEquals((float) Math.tanh(1), a[1], 1e-6f);
    GateKernels.sigmoid(a, 3, 1);
    assertEquals(3f, a[0]);
    assertEquals((float) (1 / (1 + Math.exp(-3))), a[3], 1e-6f);
  }
}
