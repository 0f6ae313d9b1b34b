package crema.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rational tanh and the sigmoid built on it, against the exact functions in double. */
class GateMathTest {
  private static final int N = 400_001; // −20 … 20 in steps of 1e-4

  private static float[] grid() {
    float[] x = new float[N];
    for (int k = 0; k < N; k++) x[k] = (float) (-20 + 40.0 * k / (N - 1));
    return x;
  }

  @Test
  void tanhIsWithinAFewFloatRoundings() {
    float[] x = grid();
    float[] y = x.clone();
    GateMath.tanh(y, 0, N);
    double worst = 0;
    for (int k = 0; k < N; k++) {
      double exact = Math.tanh(x[k]);
      worst = Math.max(worst, Math.abs(y[k] - exact));
      assertTrue(Math.abs(y[k]) <= 1f, "|tanh| <= 1 at " + x[k]);
    }
    assertTrue(worst < 5e-7, "max |error| " + worst);
    float[] zero = {0f};
    GateMath.tanh(zero, 0, 1);
    assertEquals(0f, zero[0], 0f);
  }

  @Test
  void sigmoidIsWithinAFewFloatRoundingsAndStaysInItsRange() {
    float[] x = grid();
    float[] y = x.clone();
    GateMath.sigmoid(y, 0, N);
    double worst = 0;
    for (int k = 0; k < N; k++) {
      double exact = 1 / (1 + Math.exp(-x[k]));
      worst = Math.max(worst, Math.abs(y[k] - exact));
      assertTrue(y[k] >= 0f && y[k] <= 1f, "σ in [0, 1] at " + x[k]);
    }
    assertTrue(worst < 5e-7, "max |error| " + worst);
  }

  @Test
  void onlyTheGivenRunChanges() {
    float[] a = {1f, 1f, 1f, 1f};
    GateMath.sigmoid(a, 1, 2);
    assertEquals(1f, a[0], 0f);
    assertEquals(1f, a[3], 0f);
    assertEquals(1 / (1 + Math.exp(-1)), a[1], 1e-7);
  }
}
