package crema.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * BCELoss computes {@code ln(1 − x)} as {@code Math.log(1.0 − x)} rather than {@code
 * Math.log1p(−x)} (log is a JIT intrinsic). For a float {@code x >= 2⁻²⁹} the difference {@code 1 −
 * x} is exact in double, so the two agree to the last bit; for smaller {@code x} the absolute error
 * stays under {@code 2⁻⁵³}. Checked here against {@code log1p} in double at probabilities next to 0
 * and next to 1, and with soft targets.
 */
class BCELossAccuracyTest {
  @Test
  void tinyLossesNextToZeroAreAsAccurateAsLog1p() {
    float[] p = {0.1f, 1e-3f, 1e-6f, 1e-8f, 0x1p-29f, 1e-12f, 3e-20f, Float.MIN_NORMAL};
    for (float x : p) {
      Tensor l =
          new BCELoss(Reduction.SUM)
              .forward(Tensor.of(new float[] {x}, 1), Tensor.of(new float[] {0f}, 1));
      double want = -Math.log1p(-(double) x);
      // exact 1 − x: float rounding of the result only; below 2⁻²⁹: at most 2⁻⁵³ absolute
      double tol = x >= 0x1p-29f ? Math.ulp((float) want) : 0x1p-53;
      assertEquals(want, l.item(), tol, "x = " + x);
    }
  }

  @Test
  void probabilitiesNextToOneAndSoftTargetsMatchLog1pInDouble() {
    float below1 = Math.nextDown(1f);
    float[] x = {below1, 0.999f, 0.5f, 0.25f, 1e-6f, Math.nextDown(below1)};
    float[] y = {0.2f, 0.7f, 0.3f, 1f, 0.9f, 0f};
    Tensor l = new BCELoss(Reduction.NONE).forward(Tensor.of(x, x.length), Tensor.of(y, y.length));
    for (int i = 0; i < x.length; i++) {
      double logX = Math.max(Math.log(x[i]), -100);
      double log1mX = Math.max(Math.log1p(-(double) x[i]), -100);
      double want = -(y[i] * logX + (1 - y[i]) * log1mX);
      assertEquals((float) want, l.data()[i], 0f, "x = " + x[i] + ", y = " + y[i]);
    }
  }

  @Test
  void hardTargetsGiveTheSameFloatsAsTheFullFormulaIncludingTheClamps() {
    // A target of exactly 0 or 1 skips the logarithm it weights by 0: the loss must still be the
    // float of the full two-logarithm formula, at the clamps (x = 0, x = 1).
    float[] x = {0f, 1f, 0f, 1f, 0.3f, 0.3f, 1e-30f, Math.nextDown(1f), 0.5f};
    float[] y = {0f, 0f, 1f, 1f, 0f, 1f, 1f, 0f, 0.25f};
    Tensor l = new BCELoss(Reduction.NONE).forward(Tensor.of(x, x.length), Tensor.of(y, y.length));
    double wantSum = 0;
    for (int i = 0; i < x.length; i++) {
      double logX = Math.max(Math.log(x[i]), -100);
      double log1mX = Math.max(Math.log(1.0 - x[i]), -100);
      float want = (float) -(y[i] * logX + (1 - y[i]) * log1mX);
      assertEquals(want, l.data()[i], 0f, "x = " + x[i] + ", y = " + y[i]);
      wantSum += want;
    }
    Tensor sum = new BCELoss(Reduction.SUM).forward(Tensor.of(x, x.length), Tensor.of(y, y.length));
    assertEquals(wantSum, sum.item(), 1e-6 * wantSum);
  }
}
