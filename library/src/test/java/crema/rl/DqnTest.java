package crema.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.nn.Linear;
import crema.nn.Sequential;
import crema.optim.SGD;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DQN's target, loss and target network by hand; the replay buffer's ring and sampling. */
class DqnTest {

  @Test
  void tdTargetsByHand() {
    float[] y =
        Dqn.tdTargets(
            new float[] {1, 1, -1, 0},
            new float[] {10, 10, 4, 2.5f},
            new boolean[] {false, true, false, false},
            0.9);
    // 1 + 0.9·10, 1 (terminal), −1 + 0.9·4, 0 + 0.9·2.5
    assertArrayEquals(new float[] {10f, 1f, 2.6f, 2.25f}, y, 1e-6f);
    assertThrows(
        IllegalArgumentException.class,
        () -> Dqn.tdTargets(new float[2], new float[1], new boolean[2], 0.9));
  }

  /** One update of a linear Q-network whose weights we know, checked against the formula. */
  @Test
  void oneUpdateMatchesTheHandComputedGradient() {
    Rng.manualSeed(0);
    var online = new Sequential(new Linear(2, 2));
    var target = new Sequential(new Linear(2, 2));
    online.stateDict().get("0.weight").assign(Tensor.of(new float[] {1, 0, 0, 1}, 2, 2));
    online.stateDict().get("0.bias").assign(Tensor.of(new float[] {0, 0}, 2));
    var buffer = new ReplayBuffer(1, 2, 0);
    var agent = new Dqn(online, target, new SGD(online.parameters(), 0.1), buffer, 0.5, 1, 100, 0);
    assertArrayEquals(
        online.stateDict().get("0.weight").toFloatArray(),
        target.stateDict().get("0.weight").toFloatArray(),
        "the target network starts as a copy");
    // s = [1, 2], a = 1: Q(s, 1) = 2. s' = [3, 1]: max Q⁻(s', ·) = 3. y = 1 + 0.5·3 = 2.5.
    buffer.add(new float[] {1, 2}, 1, 1.0, new float[] {3, 1}, false);
    double loss = agent.trainStep();
    // Huber with δ = 1 on |Q − y| = 0.5: 0.5·0.5² = 0.125; dL/dQ = Q − y = −0.5.
    assertEquals(0.125, loss, 1e-6);
    // dL/dW[1,:] = −0.5·s = [−0.5, −1]; SGD with lr 0.1 adds [0.05, 0.1]; row 0 unchanged.
    assertArrayEquals(
        new float[] {1, 0, 0.05f, 1.1f}, online.stateDict().get("0.weight").toFloatArray(), 1e-6f);
    assertArrayEquals(
        new float[] {0, 0.05f}, online.stateDict().get("0.bias").toFloatArray(), 1e-6f);
    // The target network has not moved.
    assertArrayEquals(
        new float[] {1, 0, 0, 1}, target.stateDict().get("0.weight").toFloatArray(), 1e-6f);
    agent.syncTarget();
    assertArrayEquals(
        online.stateDict().get("0.weight").toFloatArray(),
        target.stateDict().get("0.weight").toFloatArray());
  }

  @Test
  void epsilonFallsLinearlyAndTargetSyncsEveryC() {
    Rng.manualSeed(1);
    var online = new Sequential(new Linear(1, 2));
    var target = new Sequential(new Linear(1, 2));
    var agent =
        new Dqn(
                online,
                target,
                new SGD(online.parameters(), 0.5),
                new ReplayBuffer(10, 1, 0),
                0.9,
                2,
                4,
                0)
            .epsilon(1.0, 0.0, 10)
            .learningStarts(2);
    assertEquals(1.0, agent.epsilon());
    for (int i = 0; i < 3; i++) {
      agent.observe(new float[] {1}, 0, 1, new float[] {1}, false);
    }
    assertEquals(0.7, agent.epsilon(), 1e-12);
    assertEquals(2, agent.updates());
    assertNotEquals(
        online.stateDict().get("0.bias").get(0), target.stateDict().get("0.bias").get(0));
    agent.observe(new float[] {1}, 0, 1, new float[] {1}, false);
    assertEquals(
        online.stateDict().get("0.bias").get(0),
        target.stateDict().get("0.bias").get(0),
        "synced at step 4");
  }

  @Test
  void replayBufferKeepsTheLastCapacityTransitions() {
    var buffer = new ReplayBuffer(3, 1, 5);
    for (int i = 0; i < 5; i++) {
      buffer.add(new float[] {i}, i % 2, i * 10, new float[] {i + 1}, i == 4);
    }
    assertEquals(3, buffer.size());
    Set<Float> seen = new HashSet<>();
    for (int k = 0; k < 20; k++) {
      ReplayBatch b = buffer.sample(4);
      assertEquals(4, b.size());
      for (int j = 0; j < 4; j++) {
        float s = b.states().get(j, 0);
        seen.add(s);
        assertEquals(s + 1, b.nextStates().get(j, 0));
        assertEquals(s * 10, b.rewards()[j]);
        assertEquals(((int) s) % 2, b.actions()[j]);
        assertEquals(s == 4, b.terminated()[j]);
      }
    }
    assertEquals(Set.of(2f, 3f, 4f), seen, "the two oldest were overwritten");
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> buffer.add(new float[2], 0, 0, new float[1], false));
    assertTrue(e.getMessage().contains("1 values"));
  }
}
