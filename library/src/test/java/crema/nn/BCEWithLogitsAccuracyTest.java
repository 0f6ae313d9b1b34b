package crema.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * BCEWithLogitsLoss in float ({@code ExpKernels} for {@code e^−|x|}, {@code LogKernels} for the
 * logarithm, with the rounding of {@code 1 + t} added back) against the same formula in double with
 * {@code Math.log1p}: logits from −100 to 100, hard and soft targets, a positive weight, over more
 * elements than one piece of the parallel loop, and the gradient against {@code σ(x) − y}.
 */
class BCEWithLogitsAccuracyTest {
  private static final int N = 20_000; // several pieces of 4096, and chunks of 256 with a tail

  private static float logit(int i) {
    return -100f + 200f * i / (N - 1);
  }

  private static float target(int i) {
    return switch (i % 3) {
      case 0 -> 0f;
      case 1 -> 1f;
      default -> 0.3f;
    };
  }

  /**
   * The loss of one element in double: (1 − y) x + (1 + (p − 1) y) (ln(1 + e^−|x|) + max(−x, 0)).
   */
  private static double want(double x, double y, double p) {
    return (1 - y) * x + (1 + (p - 1) * y) * (Math.log1p(Math.exp(-Math.abs(x))) + Math.max(-x, 0));
  }

  @Test
  void eachElementIsWithinAFewUlpsOfItsLargestTerm() {
    float[] x = new float[N];
    float[] y = new float[N];
    for (int i = 0; i < N; i++) {
      x[i] = logit(i);
      y[i] = target(i);
    }
    float[] pos = {2.5f};
    Tensor plain = new BCEWithLogitsLoss(Reduction.NONE).forward(Tensor.of(x, N), Tensor.of(y, N));
    Tensor weighted =
        new BCEWithLogitsLoss(Reduction.NONE, null, Tensor.of(pos, 1))
            .forward(Tensor.of(x, N), Tensor.of(y, N));
    for (int i = 0; i < N; i++) {
      for (double p : new double[] {1, pos[0]}) {
        float got = (p == 1 ? plain : weighted).data()[i];
        double w = want(x[i], y[i], p);
        // float arithmetic: the terms are of the size of |x|, and a tiny loss is their difference
        double tol = 4 * Math.ulp((float) Math.max(Math.abs(x[i]), Math.abs(w))) + 1e-30;
        assertEquals(w, got, tol, "x = " + x[i] + ", y = " + y[i] + ", pos_weight = " + p);
      }
    }
  }

  @Test
  void tinyLossesOfConfidentCorrectPositivesKeepTheirRelativeAccuracy() {
    // y = 1, x large: the loss is ln(1 + e^−x) alone, no cancellation; ln(1 + t) must not round
    // t away (ln of 1 + 1e-13 rounded to float is 0).
    float[] x = {10f, 20f, 30f, 50f, 80f};
    float[] y = {1f, 1f, 1f, 1f, 1f};
    Tensor l = new BCEWithLogitsLoss(Reduction.NONE).forward(Tensor.of(x, 5), Tensor.of(y, 5));
    for (int i = 0; i < x.length; i++) {
      double w = Math.log1p(Math.exp(-x[i]));
      assertEquals(w, l.data()[i], 3 * Math.ulp((float) w), "x = " + x[i]);
    }
  }

  @Test
  void theGradientIsSigmoidMinusTargetAndTheMeanIsTheSumOverN() {
    float[] x = new float[N];
    float[] y = new float[N];
    for (int i = 0; i < N; i++) {
      x[i] = logit(i) / 10f;
      y[i] = target(i);
    }
    Tensor logits = Tensor.of(x, N).requiresGrad(true);
    Tensor mean = new BCEWithLogitsLoss().forward(logits, Tensor.of(y, N));
    mean.backward();
    double sum = 0;
    for (int i = 0; i < N; i++) {
      sum += want(x[i], y[i], 1);
      double sig = 1 / (1 + Math.exp(-x[i]));
      double g = (sig - y[i]) / N;
      assertEquals(g, logits.grad().data()[i], 3e-7 / N + 1e-7 * Math.abs(g), "grad at " + i);
    }
    assertEquals(sum / N, mean.item(), 1e-6 * Math.abs(sum / N));
    assertTrue(mean.item() > 0);
  }
}
