package crema.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * BCELoss takes its logarithms in float ({@code LogKernels}, within 1 ulp), and {@code ln(1 − x)}
 * as {@code ln u + δ / u} with {@code u = 1 − x} rounded to float and {@code δ} its rounding error,
 * so that a probability next to 0 keeps the tiny loss that {@code log1p} gives. Checked here
 * against {@code log1p} and {@code log} in double at probabilities next to 0 and next to 1, with
 * soft and hard targets, to within a few ulps of the float result.
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
      // relative accuracy, not absolute: ln(1 − x) alone would give 0 below 2⁻²⁵
      assertEquals(want, l.item(), 2 * Math.ulp((float) want), "x = " + x);
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
      float want = (float) -(y[i] * logX + (1 - y[i]) * log1mX);
      assertEquals(want, l.data()[i], 2 * Math.ulp(want), "x = " + x[i] + ", y = " + y[i]);
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
      assertEquals(want, l.data()[i], Math.ulp(want), "x = " + x[i] + ", y = " + y[i]);
      wantSum += want;
    }
    Tensor sum = new BCELoss(Reduction.SUM).forward(Tensor.of(x, x.length), Tensor.of(y, y.length));
    assertEquals(wantSum, sum.item(), 1e-6 * wantSum);
  }
}
