package crema.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The fast logarithm against {@link Math#log} (in double, then rounded) over the sweep of {@link
 * UlpSweep} (every positive float from the smallest subnormal to the largest), plus the special
 * values, chunk boundaries and runs at offsets.
 */
class LogKernelsTest {
  @Test
  void logIsWithinOneUlpOverEveryPositiveFloat() {
    long w = UlpSweep.worstUlps(LogKernels::log, Math::log, Float.MIN_VALUE, Float.MAX_VALUE);
    assertTrue(w <= 1, "worst error " + w + " ulp");
  }

  @Test
  void specialValuesAreThoseOfMathLog() {
    float[] x = {
      0f, -0f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, 2f, 0.5f
    };
    float[] y = new float[x.length];
    LogKernels.log(x, y);
    assertEquals(Float.NEGATIVE_INFINITY, y[0]);
    assertEquals(Float.NEGATIVE_INFINITY, y[1]);
    assertTrue(Float.isNaN(y[2]));
    assertTrue(Float.isNaN(y[3]));
    assertEquals(Float.POSITIVE_INFINITY, y[4]);
    assertTrue(Float.isNaN(y[5]));
    assertEquals(0f, y[6], 0f); // exactly: ln 1 is 0, not a rounding of it
    assertEquals((float) Math.log(2), y[7], 0f);
    assertEquals((float) Math.log(0.5), y[8], 0f);
  }

  @Test
  void subnormalsAreScaledNotTakenForZero() {
    float[] x = {Float.MIN_VALUE, Float.MIN_NORMAL / 2, Float.MIN_NORMAL * (1 - 0x1p-23f)};
    float[] y = new float[x.length];
    LogKernels.log(x, y);
    for (int i = 0; i < x.length; i++) {
      assertTrue(UlpSweep.ulps(y[i], (float) Math.log(x[i])) <= 1, "ln " + x[i] + " = " + y[i]);
    }
  }

  @Test
  void aSpecialValueInAChunkLeavesItsNeighboursExact() {
    // The fix-up loop runs only for chunks that hold a special value: the rest of that chunk must
    // still come from the polynomial, untouched.
    float[] x = new float[300];
    for (int i = 0; i < x.length; i++) {
      x[i] = 0.001f + i * 0.37f;
    }
    x[100] = 0f;
    x[101] = -2f;
    float[] y = new float[x.length];
    LogKernels.log(x, y);
    for (int i = 0; i < x.length; i++) {
      float want = (float) Math.log(x[i]);
      if (i == 100) {
        assertEquals(Float.NEGATIVE_INFINITY, y[i]);
      } else if (i == 101) {
        assertTrue(Float.isNaN(y[i]));
      } else {
        assertTrue(UlpSweep.ulps(y[i], want) <= 1, "at " + i + ": " + y[i] + " against " + want);
      }
    }
  }

  @Test
  void runsAtOffsetsAndInPlaceTouchNothingElse() {
    int n = 1000;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (i + 1) * 0.013f;
    }
    float[] whole = new float[n];
    LogKernels.log(x, whole);
    int from = 5;
    int len = 600; // over two chunk boundaries, from an offset
    float[] a = x.clone();
    LogKernels.log(a, from, a, from, len);
    float[] b = new float[n + 3];
    LogKernels.log(x, from, b, 3, len);
    for (int i = 0; i < n; i++) {
      boolean inside = i >= from && i < from + len;
      assertEquals(inside ? whole[i] : x[i], a[i], 0f, "in place at " + i);
    }
    for (int i = 0; i < len; i++) {
      assertEquals(whole[from + i], b[3 + i], 0f, "into another array at " + i);
    }
    assertEquals(0f, b[0], 0f);
    assertEquals(0f, b[3 + len], 0f);
  }
}
