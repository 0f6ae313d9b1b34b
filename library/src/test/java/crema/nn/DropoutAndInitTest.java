package crema.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.tensor.Rng;
import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Dropout's statistics and seeding; the initialisers' ranges and moments. */
class DropoutAndInitTest {

  @Test
  void dropoutKeepsTheExpectationAndIsIdentityInEval() {
    var drop = new Dropout(0.3, new Rng(1));
    Tensor y = drop.forward(Tensor.ones(100_000));
    int zeros = 0;
    for (float v : y.data()) {
      if (v == 0f) zeros++;
      else assertEquals(1f / 0.7f, v, 1e-6f);
    }
    assertEquals(0.3, zeros / 100_000.0, 0.01);
    assertEquals(1.0, y.mean().item(), 0.02);
    Tensor x = Tensor.ones(3, 3);
    assertSame(x, drop.eval().forward(x));
  }

  @Test
  void dropoutIsReproducibleWithASeed() {
    Tensor a = new Dropout(0.5, new Rng(7)).forward(Tensor.ones(50));
    Tensor b = new Dropout(0.5, new Rng(7)).forward(Tensor.ones(50));
    assertArrayEquals(a.toFloatArray(), b.toFloatArray());
    Rng.manualSeed(3);
    Tensor c = new Dropout(0.5).forward(Tensor.ones(50));
    Rng.manualSeed(3);
    Tensor d = new Dropout(0.5).forward(Tensor.ones(50));
    assertArrayEquals(c.toFloatArray(), d.toFloatArray());
  }

  @Test
  void dropoutExtremes() {
    assertArrayEquals(new float[4], new Dropout(1.0).forward(Tensor.ones(4)).toFloatArray());
    Tensor x = Tensor.ones(4);
    assertSame(x, new Dropout(0.0).forward(x));
  }

  private static double std(float[] v) {
    double m = 0, s = 0;
    for (float x : v) m += x;
    m /= v.length;
    for (float x : v) s += (x - m) * (x - m);
    return Math.sqrt(s / v.length);
  }

  private static double maxAbs(float[] v) {
    double m = 0;
    for (float x : v) m = Math.max(m, Math.abs(x));
    return m;
  }

  @Test
  void pytorchDefaultBoundsForLinearAndConv() {
    Rng.manualSeed(0);
    var fc = new Linear(400, 300);
    double bound = 1 / Math.sqrt(400);
    assertTrue(maxAbs(fc.weight.data()) <= bound);
    assertEquals(bound / Math.sqrt(3), std(fc.weight.data()), bound * 0.02);
    assertTrue(maxAbs(fc.bias.data()) <= bound);
    var conv = new Conv2d(6, 16, 5);
    double cb = 1 / Math.sqrt(6 * 25);
    assertTrue(maxAbs(conv.weight.data()) <= cb);
    assertEquals(cb / Math.sqrt(3), std(conv.weight.data()), cb * 0.05);
  }

  @Test
  void seededModelsAreReproducible() {
    Rng.manualSeed(42);
    var a = new Linear(10, 10);
    Rng.manualSeed(42);
    var b = new Linear(10, 10);
    assertArrayEquals(a.weight.toFloatArray(), b.weight.toFloatArray());
  }

  @Test
  void xavierAndKaiming() {
    Rng rng = new Rng(5);
    Tensor w = Tensor.zeros(200, 300);
    Init.xavierUniform(w, 1.0, rng);
    double xb = Math.sqrt(6.0 / 500);
    assertTrue(maxAbs(w.data()) <= xb);
    assertEquals(xb / Math.sqrt(3), std(w.data()), xb * 0.02);
    Init.xavierNormal(w, 2.0, rng);
    assertEquals(2.0 * Math.sqrt(2.0 / 500), std(w.data()), 0.002);
    Init.kaimingNormal(w, 0, Init.FanMode.FAN_IN, "relu", rng);
    assertEquals(Math.sqrt(2.0 / 300), std(w.data()), 0.002);
    Init.kaimingUniform(w, 0, Init.FanMode.FAN_OUT, "relu", rng);
    assertTrue(maxAbs(w.data()) <= Math.sqrt(2.0) * Math.sqrt(3.0 / 200));
    Tensor conv = Tensor.zeros(8, 4, 3, 3);
    assertArrayEquals(new int[] {36, 72}, Init.fans(conv));
    assertEquals(5.0 / 3, Init.gain("tanh"), 1e-12);
    assertEquals(Math.sqrt(2.0 / (1 + 0.04)), Init.gain("leaky_relu", 0.2), 1e-12);
  }
}
