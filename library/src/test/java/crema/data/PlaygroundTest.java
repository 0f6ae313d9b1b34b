package crema.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlaygroundTest {
  @Test
  void everySetIsSeededAndShaped() {
    TensorDataset[] a = {
      Playground.xor(200, 0.05, 1),
      Playground.moons(200, 0.1, 1),
      Playground.circles(200, 0.05, 1),
      Playground.spirals(200, 3, 0.1, 1),
      Playground.blobs(200, 4, 2, 0.5, 1)
    };
    TensorDataset[] b = {
      Playground.xor(200, 0.05, 1),
      Playground.moons(200, 0.1, 1),
      Playground.circles(200, 0.05, 1),
      Playground.spirals(200, 3, 0.1, 1),
      Playground.blobs(200, 4, 2, 0.5, 1)
    };
    for (int i = 0; i < a.length; i++) {
      assertArrayEquals(new int[] {200, 2}, a[i].x().shape());
      assertArrayEquals(a[i].x().data(), b[i].x().data());
      assertArrayEquals(a[i].labels(), b[i].labels());
      int k = a[i].numClasses();
      int[] counts = ClassWeights.counts(a[i].labels(), k);
      for (int c : counts) {
        assertEquals(200.0 / k, c, 1.0, "balanced classes");
      }
    }
    assertTrue(
        !java.util.Arrays.equals(
            Playground.moons(200, 0.1, 1).x().data(), Playground.moons(200, 0.1, 2).x().data()));
  }

  @Test
  void geometryMatchesTheDefinitions() {
    TensorDataset c = Playground.circles(400, 0, 0.5, 3);
    float[] x = c.x().data();
    int[] y = c.labels();
    for (int i = 0; i < 400; i++) {
      double r = Math.hypot(x[2 * i], x[2 * i + 1]);
      assertEquals(y[i] == 0 ? 1.0 : 0.5, r, 1e-5);
    }
    TensorDataset xor = Playground.xor(400, 0, 3);
    x = xor.x().data();
    y = xor.labels();
    for (int i = 0; i < 400; i++) {
      assertEquals(x[2 * i] * x[2 * i + 1] < 0 ? 1 : 0, y[i]);
    }
    TensorDataset m = Playground.moons(400, 0, 3);
    x = m.x().data();
    y = m.labels();
    for (int i = 0; i < 400; i++) {
      double cx = y[i] == 0 ? 0 : 1;
      double cy = y[i] == 0 ? 0 : 0.5;
      assertEquals(1.0, Math.hypot(x[2 * i] - cx, x[2 * i + 1] - cy), 1e-5);
    }
  }

  @Test
  void regressionAndLinearTargets() {
    TensorDataset r = Playground.regression(100, 0, 4);
    float[] x = r.x().data();
    float[] y = r.y().data();
    for (int i = 0; i < 100; i++) {
      assertEquals(Math.sin(x[i]) + 0.3 * x[i], y[i], 1e-5);
    }
    TensorDataset l = Playground.linear(50, new float[] {2, -3.4f}, 4.2f, 0, 5);
    assertArrayEquals(new int[] {50, 2}, l.x().shape());
    float[] lx = l.x().data();
    assertEquals(2 * lx[0] - 3.4f * lx[1] + 4.2f, l.y().data()[0], 1e-5);
  }
}
