package crema.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.nn.Linear;
import crema.nn.Sequential;
import crema.nn.Tanh;
import crema.optim.Adam;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** REINFORCE's loss: closed form, finite differences, and learning on CartPole. */
class PolicyGradientTest {

  @Test
  void policyLossClosedForm() {
    // Two steps, two actions. logits [0, ln 3] → π = [1/4, 3/4]; logits [0, 0] → [1/2, 1/2].
    float ln3 = (float) Math.log(3);
    Tensor logits = Tensor.of(new float[] {0, ln3, 0, 0}, 2, 2).requiresGrad(true);
    Tensor adv = Tensor.of(new float[] {2, -1}, 2);
    Tensor loss = Reinforce.policyLoss(logits, new int[] {1, 0}, adv);
    // L = −(2·ln(3/4) + (−1)·ln(1/2)) / 2
    double expected = -(2 * Math.log(0.75) - Math.log(0.5)) / 2;
    assertEquals(expected, loss.item(), 1e-6);
    loss.backward();
    // dL/dlogits_t = (A_t / T)(π_t − onehot(a_t))
    float[] g = logits.grad().toFloatArray();
    float[] want = {1f * (0.25f - 0), 1f * (0.75f - 1), -0.5f * (0.5f - 1), -0.5f * (0.5f - 0)};
    for (int i = 0; i < 4; i++) {
      assertEquals(want[i], g[i], 1e-6, "gradient " + i);
    }
  }

  @Test
  void policyLossGradientMatchesFiniteDifferences() {
    Rng rng = new Rng(3);
    int t = 5;
    int k = 3;
    float[] x = new float[t * k];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    int[] actions = {0, 2, 1, 1, 2};
    Tensor adv = Tensor.of(new float[] {0.5f, -1.2f, 2f, 0.1f, -0.7f}, t);
    Tensor logits = Tensor.of(x, t, k).requiresGrad(true);
    Reinforce.policyLoss(logits, actions, adv).backward();
    float[] grad = logits.grad().toFloatArray();
    double h = 1e-3;
    for (int i = 0; i < x.length; i++) {
      double[] plusMinus = new double[2];
      for (int side = 0; side < 2; side++) {
        float[] y = x.clone();
        y[i] += (float) (side == 0 ? h : -h);
        plusMinus[side] = Reinforce.policyLoss(Tensor.of(y, t, k), actions, adv).item();
      }
      double fd = (plusMinus[0] - plusMinus[1]) / (2 * h);
      assertEquals(fd, grad[i], 2e-3, "d L / d logit " + i);
    }
  }

  @Test
  void mismatchedShapesAreNamed() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Reinforce.policyLoss(Tensor.zeros(3, 2), new int[] {0, 1}, Tensor.zeros(3)));
    assertTrue(e.getMessage().contains("[3, 2]"));
  }

  @Test
  void reinforceLearnsCartPole() {
    Rng.manualSeed(0);
    var policy = new Sequential(new Linear(4, 32), new Tanh(), new Linear(32, 2));
    var value = new Sequential(new Linear(4, 32), new Tanh(), new Linear(32, 1));
    var agent =
        new Reinforce(
            policy,
            value,
            new Adam(policy.parameters(), 1e-2),
            new Adam(value.parameters(), 1e-2),
            0.99,
            0);
    var env = new CartPole();
    env.reset(0);
    double before = Rollouts.meanReturn(new CartPole(), agent.greedyPolicy(), 10, 1000);
    for (int i = 0; i < 30; i++) {
      List<Episode<float[]>> batch = new ArrayList<>();
      for (int j = 0; j < 4; j++) {
        batch.add(agent.collect(env));
      }
      agent.update(batch);
    }
    double after = Rollouts.meanReturn(new CartPole(), agent.greedyPolicy(), 10, 1000);
    assertTrue(after > 100 && after > 3 * before, "mean return " + before + " → " + after);
    assertTrue(agent.lastBaselineLoss() >= 0);
  }
}
