package crema.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReturnsAndSpacesTest {

  @Test
  void discountedReturnsByHand() {
    assertArrayEquals(
        new double[] {1.75, 1.5, 1.0}, Returns.discounted(new double[] {1, 1, 1}, 0.5), 1e-15);
    // G_0 = 0 + 0.9·(0 + 0.9·10) = 8.1
    assertArrayEquals(
        new double[] {8.1, 9.0, 10.0}, Returns.discounted(new double[] {0, 0, 10}, 0.9), 1e-12);
    // γ = 1: plain reward-to-go.
    assertArrayEquals(new double[] {6, 5, 3}, Returns.discounted(new double[] {1, 2, 3}, 1.0), 0);
    assertThrows(IllegalArgumentException.class, () -> Returns.discounted(new double[] {1}, 1.5));
  }

  @Test
  void standardizedAndMovingAverage() {
    double[] z = Returns.standardized(new double[] {1, 2, 3});
    double s = Math.sqrt(2.0 / 3);
    assertArrayEquals(new double[] {-1 / s, 0, 1 / s}, z, 1e-7);
    assertArrayEquals(
        new double[] {1, 1.5, 2.5, 3.5},
        Returns.movingAverage(new double[] {1, 2, 3, 4}, 2),
        1e-15);
  }

  @Test
  void discreteSpaceSamplesEveryActionReproducibly() {
    var d = new Discrete(3);
    d.seed(7);
    int[] first = new int[50];
    int[] counts = new int[3];
    for (int i = 0; i < 50; i++) {
      first[i] = d.sample();
      counts[first[i]]++;
      assertTrue(d.contains(first[i]));
    }
    d.seed(7);
    for (int i = 0; i < 50; i++) {
      assertEquals(first[i], d.sample());
    }
    for (int c : counts) {
      assertTrue(c > 5);
    }
    assertFalse(d.contains(3));
    assertFalse(d.contains(-1));
  }

  @Test
  void boxSamplesWithinFiniteBounds() {
    var box =
        new BoxSpace(
            new float[] {-1, 0, Float.NEGATIVE_INFINITY},
            new float[] {1, 2, Float.POSITIVE_INFINITY});
    box.seed(1);
    for (int i = 0; i < 200; i++) {
      float[] x = box.sample();
      assertTrue(box.contains(x));
      assertTrue(x[0] >= -1 && x[0] <= 1 && x[1] >= 0 && x[1] <= 2);
    }
    assertFalse(box.contains(new float[] {0, 3, 0}));
    assertFalse(box.contains(new float[] {0, 1}));
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> new BoxSpace(new float[] {1}, new float[] {0}));
    assertTrue(e.getMessage().contains("low[0]"));
  }
}
