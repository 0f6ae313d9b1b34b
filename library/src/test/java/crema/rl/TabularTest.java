package crema.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import crema.tensor.ReferenceJson;
import org.junit.jupiter.api.Test;

/** Value iteration against NumPy on Gymnasium's model; Q-learning against value iteration. */
class TabularTest {
  private static final double GAMMA = 0.99;

  @Test
  void valueIterationMatchesTheReference() {
    JsonObject vi = GymReference.get().getAsJsonObject("value_iteration");
    assertEquals(GAMMA, GymReference.get().get("gamma").getAsDouble());
    double[][] lake = ValueIteration.solve(GridWorld.frozenLake(true), GAMMA, 1e-12);
    double[][] cliff = ValueIteration.solve(GridWorld.cliffWalking(), GAMMA, 1e-12);
    double[] lakeRef =
        ReferenceJson.doubles(vi.getAsJsonObject("frozenlake_slippery").getAsJsonArray("v"));
    double[] cliffRef =
        ReferenceJson.doubles(vi.getAsJsonObject("cliffwalking").getAsJsonArray("v"));
    assertArrayEquals(lakeRef, ValueIteration.values(lake), 1e-9);
    GridWorld world = GridWorld.cliffWalking();
    double[] v = ValueIteration.values(cliff);
    for (int s = 0; s < world.numStates(); s++) {
      if (world.cell(s) == 'F' || world.cell(s) == 'S') {
        assertEquals(cliffRef[s], v[s], 1e-9, "V*(" + s + ")");
      }
    }
  }

  @Test
  void valueIterationFindsTheKnownFrozenLakePolicy() {
    // The classic answer for the slippery 4x4 lake: hug the walls away from the holes.
    GridWorld lake = GridWorld.frozenLake(true);
    double[][] q = ValueIteration.solve(lake, GAMMA, 1e-12);
    int[] known = {0, 3, 3, 3, 0, -1, 0, -1, 3, 1, 0, -1, -1, 2, 1, -1};
    for (int s = 0; s < 16; s++) {
      if (known[s] >= 0) {
        assertTrue(ValueIteration.isOptimal(q[s], known[s], 1e-9), "state " + s);
      }
    }
    // V*(start) with γ = 0.99 is about 0.54: even the best policy often slips into a hole.
    assertEquals(0.542, ValueIteration.values(q)[0], 0.01);
  }

  @Test
  void cliffWalkingOptimumIsTheEdgePath() {
    double[][] q = ValueIteration.solve(GridWorld.cliffWalking(), GAMMA, 1e-12);
    // 13 steps of −1: V* = −Σ_{k<13} γ^k.
    double expected = -(1 - Math.pow(GAMMA, 13)) / (1 - GAMMA);
    assertEquals(expected, ValueIteration.values(q)[36], 1e-9);
  }

  @Test
  void qLearningConvergesToTheOptimalCliffPolicy() {
    GridWorld cliff = GridWorld.cliffWalking();
    double[][] qStar = ValueIteration.solve(cliff, GAMMA, 1e-12);
    // Off-policy: a very exploratory behaviour (ε = 0.5) still learns the optimal greedy policy,
    // and it visits every state often enough, the far corner included.
    var agent = new QLearning(cliff.numStates(), cliff.numActions(), 0.5, GAMMA, 0.5, 0);
    cliff.reset(0);
    for (int i = 0; i < 500; i++) {
      agent.runEpisode(cliff);
    }
    int[] greedy = agent.greedyPolicy();
    for (int s = 0; s < cliff.numStates(); s++) {
      if (cliff.cell(s) == 'F' || cliff.cell(s) == 'S') {
        assertTrue(
            ValueIteration.isOptimal(qStar[s], greedy[s], 1e-6),
            "state "
                + s
                + ": Q-learning picks "
                + greedy[s]
                + ", Q* = "
                + java.util.Arrays.toString(qStar[s]));
      }
    }
    Episode<Integer> ep = Rollouts.play(cliff, agent.policy(), 0);
    assertEquals(13, ep.length());
    assertEquals(-13.0, ep.totalReward());
  }

  @Test
  void qLearningUpdateByHand() {
    var agent = new QLearning(2, 2, 0.5, 0.9, 0.0, 0);
    // Q = 0: target r + γ·0 = 1, δ = 1, Q(0,1) = 0.5.
    assertEquals(1.0, agent.update(0, 1, 1.0, 1, false), 1e-15);
    assertEquals(0.5, agent.table()[0][1], 1e-15);
    // Bootstrapping from Q(0, ·) = [0, 0.5]: target 2 + 0.9·0.5 = 2.45, δ = 2.45, Q(1,0) = 1.225.
    assertEquals(2.45, agent.update(1, 0, 2.0, 0, false), 1e-15);
    assertEquals(1.225, agent.table()[1][0], 1e-15);
    // A terminal transition does not bootstrap: target 2, δ = 2 − 1.225.
    assertEquals(0.775, agent.update(1, 0, 2.0, 0, true), 1e-15);
    assertEquals(0, agent.act(0) == 1 ? 0 : 1, "greedy with ε = 0 picks the larger Q");
  }
}
