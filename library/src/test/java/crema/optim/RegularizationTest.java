package crema.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import crema.nn.MSELoss;
import crema.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * L2 regularisation two ways: SGD's {@code weight_decay} λ, and an explicit penalty {@code λ/2
 * ‖θ‖²} added to the loss. For SGD (with or without momentum) both must give the same parameters.
 */
class RegularizationTest {
  private static final float[] W0 = {0.5f, -1.5f, 2.0f, 0.25f};
  private static final float[] B0 = {-0.3f, 0.8f};
  private static final float[] TW = {1, 0, -1, 0.5f};
  private static final float[] TB = {0, 1};

  private static List<Tensor> params() {
    return List.of(
        Tensor.of(W0.clone(), 2, 2).requiresGrad(true),
        Tensor.of(B0.clone(), 2).requiresGrad(true));
  }

  private static Tensor dataLoss(List<Tensor> p) {
    return new MSELoss()
        .forward(p.get(0), Tensor.of(TW, 2, 2))
        .add(new MSELoss().forward(p.get(1), Tensor.of(TB, 2)));
  }

  private static void check(double momentum) {
    double lambda = 0.1;
    List<Tensor> a = params();
    List<Tensor> b = params();
    SGD withDecay = new SGD(a, 0.2, momentum).weightDecay(lambda);
    SGD withPenalty = new SGD(b, 0.2, momentum);
    for (int step = 0; step < 5; step++) {
      withDecay.zeroGrad();
      dataLoss(a).backward();
      withDecay.step();
      withPenalty.zeroGrad();
      dataLoss(b).add(Regularization.l2(b, lambda)).backward();
      withPenalty.step();
    }
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(a.get(i).toFloatArray(), b.get(i).toFloatArray(), 1e-6f);
    }
  }

  @Test
  void weightDecayEqualsExplicitL2PenaltyForSgd() {
    check(0.0);
  }

  @Test
  void weightDecayEqualsExplicitL2PenaltyForSgdWithMomentum() {
    check(0.9);
  }

  @Test
  void penaltyValuesAndGradients() {
    List<Tensor> p = params();
    double sq = 0;
    double abs = 0;
    for (float[] arr : new float[][] {W0, B0}) {
      for (float v : arr) {
        sq += v * v;
        abs += Math.abs(v);
      }
    }
    Tensor l2 = Regularization.l2(p, 0.1);
    assertEquals(0.05 * sq, l2.item(), 1e-6);
    l2.backward();
    assertArrayEquals(
        new float[] {0.05f, -0.15f, 0.2f, 0.025f}, p.get(0).grad().toFloatArray(), 1e-7f);
    assertEquals(0.3 * abs, Regularization.l1(params(), 0.3).item(), 1e-6);
  }
}
