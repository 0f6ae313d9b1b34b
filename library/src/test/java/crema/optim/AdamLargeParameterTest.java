package crema.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A parameter large enough that Adam shares its update between the cores is updated exactly as the
 * same weights in pieces small enough to be updated on one thread: every element on its own, the
 * same bits.
 */
class AdamLargeParameterTest {
  private static final int PIECES = 5;
  private static final int PIECE = 60_000; // 300,000 in all: above the split, each piece below it

  private static float[] seeded(long seed, int n) {
    Random r = new Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
    return a;
  }

  /** The weights after three steps with seeded gradients, as one tensor or in pieces. */
  private static float[] train(boolean whole, Function<List<Tensor>, Optimizer> make) {
    float[] w0 = seeded(1, PIECES * PIECE);
    List<Tensor> params = new ArrayList<>();
    if (whole) {
      params.add(Tensor.of(w0.clone(), PIECES * PIECE).requiresGrad(true));
    } else {
      for (int p = 0; p < PIECES; p++) {
        float[] w = new float[PIECE];
        System.arraycopy(w0, p * PIECE, w, 0, PIECE);
        params.add(Tensor.of(w, PIECE).requiresGrad(true));
      }
    }
    Optimizer opt = make.apply(params);
    for (int step = 0; step < 3; step++) {
      float[] g = seeded(100 + step, PIECES * PIECE);
      for (int p = 0; p < params.size(); p++) {
        int n = params.get(p).numel();
        float[] gp = new float[n];
        System.arraycopy(g, p * n, gp, 0, n);
        params.get(p).setGrad(Tensor.of(gp, n));
      }
      opt.step();
    }
    float[] out = new float[PIECES * PIECE];
    int at = 0;
    for (Tensor t : params) {
      float[] v = t.toFloatArray();
      System.arraycopy(v, 0, out, at, v.length);
      at += v.length;
    }
    return out;
  }

  @Test
  void adamWithL2DecayAndAmsgrad() {
    Function<List<Tensor>, Optimizer> adam =
        ps -> new Adam(ps, 0.01).weightDecay(0.1).amsgrad(true);
    assertArrayEquals(train(false, adam), train(true, adam));
  }

  @Test
  void adamWWithDecoupledDecay() {
    Function<List<Tensor>, Optimizer> adamW = ps -> new AdamW(ps, 0.01).weightDecay(0.1);
    assertArrayEquals(train(false, adamW), train(true, adamW));
  }
}
