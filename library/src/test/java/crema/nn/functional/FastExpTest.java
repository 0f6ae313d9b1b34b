package crema.nn.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The float exponential of the attention softmax against {@link Math#exp}. */
class FastExpTest {
  @Test
  void withinAFewUlpOfMathExpOverTheSoftmaxRange() {
    for (int i = 0; i <= 200_000; i++) {
      float x = -87f * i / 200_000f + (i % 2 == 0 ? 0f : 20f * i / 200_000f);
      double expected = Math.exp(x);
      float got = FastExp.exp(x);
      assertTrue(
          Math.abs(got - expected) <= 3e-7 * expected,
          "exp(" + x + ") = " + expected + ", got " + got);
    }
    assertEquals(1f, FastExp.exp(0f), 0f);
  }

  @Test
  void minusInfinityIsZeroAndNaNStaysNaN() {
    assertEquals(0f, FastExp.exp(Float.NEGATIVE_INFINITY), 0f);
    assertEquals(0f, FastExp.exp(-1000f), 0f);
    assertTrue(Float.isNaN(FastExp.exp(Float.NaN)));
  }
}
