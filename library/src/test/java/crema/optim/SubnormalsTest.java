package crema.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubnormalsTest {
  private static boolean subnormal(float x) {
    return x != 0 && Math.abs(x) < Float.MIN_NORMAL;
  }

  @Test
  void aValueLeftStandingStaysNormalUntilTheNextSweep() {
    for (double decay : new double[] {0.9, 0.99, 0.999}) {
      float t = Subnormals.threshold(decay);
      float m = t;
      for (int step = 0; step < Subnormals.EVERY; step++) m *= (float) decay;
      assertTrue(m >= Float.MIN_NORMAL, "decay " + decay + ": " + t + " fell to " + m);
    }
    assertEquals(Float.MIN_NORMAL, Subnormals.threshold(0), 0f);
    assertEquals(0x1p-100f, Subnormals.threshold(0.5), 0f);
  }

  @Test
  void aSweepZeroesOnlyWhatIsBelowTheThreshold() {
    float t = Subnormals.threshold(0.9);
    float[] a = {t, -t, Math.nextDown(t), -Math.nextDown(t), 1e-40f, 0.5f, -2f, 0f};
    Subnormals.sweep(a, t);
    assertEquals(
        List.of(t, -t, 0f, 0f, 0f, 0.5f, -2f, 0f),
        List.of(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]));
  }

  /**
   * One weight gets a gradient once, then never again: its averages decay geometrically, and
   * without the sweeps reach the subnormals (Adam's first moment after about 850 steps, an average
   * decaying by 0.99 after about 8,000); the other weight keeps a gradient throughout.
   */
  private static void neverSubnormal(Optimizer opt, Tensor p, int steps, String... names) {
    for (int step = 0; step < steps; step++) {
      p.setGrad(Tensor.of(new float[] {step == 0 ? 1f : 0f, 0.5f}, 2));
      opt.step();
      if (step % 16 != 15) {
        continue; // a sweep comes every 64 steps; a subnormal would stand for many in between
      }
      for (String name : names) {
        float[] a = opt.state(p).get(name).toFloatArray();
        assertTrue(!subnormal(a[0]) && !subnormal(a[1]), "step " + step + ": " + name + " " + a[0]);
      }
    }
    for (String name : names) {
      float[] a = opt.state(p).get(name).toFloatArray();
      assertEquals(0f, a[0], 0f, name + " of the stopped weight is swept to 0");
      assertTrue(a[1] > 0.01f, name + " of the other weight is untouched: " + a[1]);
    }
  }

  private static Tensor weights() {
    return Tensor.of(new float[] {1f, 1f}, 2).requiresGrad(true);
  }

  @Test
  void adamsFirstMomentNeverTurnsSubnormal() {
    Tensor p = weights();
    neverSubnormal(new Adam(List.of(p), 1e-3), p, 1500, "exp_avg");
  }

  @Test
  void sgdsMomentumBufferNeverTurnsSubnormal() {
    Tensor p = weights();
    neverSubnormal(new SGD(List.of(p), 1e-3, 0.9), p, 1500, "momentum_buffer");
  }

  @Test
  void rmspropsAveragesNeverTurnSubnormal() {
    Tensor p = weights();
    RMSprop opt = new RMSprop(List.of(p), 1e-3).momentum(0.9).centered(true);
    neverSubnormal(opt, p, 9000, "square_avg", "grad_avg", "momentum_buffer");
  }
}
