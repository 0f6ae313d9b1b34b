package crema.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import crema.tensor.ReferenceJson;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** CartPole against trajectories recorded from Gymnasium's CartPole-v1 (make_reference.py). */
class CartPoleTest {

  /**
   * Each step from Gymnasium's own state: the same formulas in the same order in double precision,
   * so only the last bits of sin and cos may differ.
   */
  @Test
  void everyStepMatchesGymnasiumFromItsState() {
    int compared = 0;
    for (JsonElement e : GymReference.get().getAsJsonArray("cartpole")) {
      JsonObject ep = e.getAsJsonObject();
      double[] before = ReferenceJson.doubles(ep.getAsJsonArray("start"));
      for (JsonElement st : ep.getAsJsonArray("steps")) {
        JsonObject ref = st.getAsJsonObject();
        var env = new CartPole();
        env.resetTo(before);
        env.step(ref.get("action").getAsInt());
        double[] after = ReferenceJson.doubles(ref.getAsJsonArray("state"));
        for (int i = 0; i < 4; i++) {
          assertEquals(after[i], env.state()[i], 1e-14 * Math.max(1, Math.abs(after[i])));
        }
        before = after;
        compared++;
      }
    }
    assertEquals(18 + 29 + 14 + 15 + 500, compared);
  }

  /**
   * Whole episodes played open loop from Gymnasium's start states: the same observations (to
   * float32 rounding for 300 steps; the last bits then drift, the pole being unstable), the same
   * rewards and the same step on which each episode terminates or is truncated.
   */
  @Test
  void episodesMatchGymnasiumTrajectories() {
    JsonArray episodes = GymReference.get().getAsJsonArray("cartpole");
    assertEquals(5, episodes.size());
    int truncatedEpisodes = 0;
    for (JsonElement e : episodes) {
      JsonObject ep = e.getAsJsonObject();
      var env = new CartPole();
      float[] first = env.resetTo(ReferenceJson.doubles(ep.getAsJsonArray("start"))).observation();
      assertTrue(env.observationSpace().contains(first));
      JsonArray steps = ep.getAsJsonArray("steps");
      for (int t = 0; t < steps.size(); t++) {
        JsonObject ref = steps.get(t).getAsJsonObject();
        Step<float[]> s = env.step(ref.get("action").getAsInt());
        double[] refObs = ReferenceJson.doubles(ref.getAsJsonArray("observation"));
        String where = "seed " + ep.get("seed") + ", step " + t;
        for (int i = 0; i < 4; i++) {
          // Rounding differences in sin and cos (fdlibm vs. glibc) grow in this unstable system:
          // at float32 precision for the first 300 steps, to about 1e-4 by step 500.
          double tolerance = t < 300 ? 1e-6 : 1e-3;
          assertEquals(
              refObs[i], s.observation()[i], tolerance * Math.max(1, Math.abs(refObs[i])), where);
        }
        assertEquals(ref.get("reward").getAsDouble(), s.reward(), where);
        assertEquals(ref.get("terminated").getAsBoolean(), s.terminated(), where);
        assertEquals(ref.get("truncated").getAsBoolean(), s.truncated(), where);
      }
      if (steps.get(steps.size() - 1).getAsJsonObject().get("truncated").getAsBoolean()) {
        truncatedEpisodes++;
        assertEquals(500, env.steps());
      }
    }
    assertEquals(1, truncatedEpisodes, "one reference episode reaches the 500-step limit");
  }

  @Test
  void oneEulerStepByHand() {
    // From the upright rest state a push right gives θ̈ = −F / (M l (4/3 − m_p / M)),
    // ẍ = (F − m_p l θ̈) / M; Euler moves only the velocities in the first step.
    var env = new CartPole();
    env.resetTo(0, 0, 0, 0);
    env.step(1);
    double m = 1.1;
    double thetaAcc = -10.0 / m / (0.5 * (4.0 / 3.0 - 0.1 / m));
    double xAcc = 10.0 / m - 0.05 * thetaAcc / m;
    double[] s = env.state();
    assertEquals(0.0, s[0], 0.0);
    assertEquals(0.02 * xAcc, s[1], 1e-15);
    assertEquals(0.0, s[2], 0.0);
    assertEquals(0.02 * thetaAcc, s[3], 1e-15);
  }

  @Test
  void seedingMakesResetsReproducible() {
    var a = new CartPole();
    var b = new CartPole();
    float[] first = a.reset(42).observation();
    assertArrayEquals(first, b.reset(42).observation());
    float[] second = a.reset().observation();
    assertArrayEquals(second, b.reset().observation());
    assertFalse(java.util.Arrays.equals(first, second));
    for (float v : first) {
      assertTrue(Math.abs(v) <= 0.05f);
    }
    assertTrue(a.observationSpace().contains(first));
  }

  @Test
  void terminatesOnThresholdsAndRefusesMisuse() {
    var env = new CartPole();
    assertThrows(IllegalStateException.class, () -> env.step(0));
    env.resetTo(2.39, 1.0, 0, 0);
    Step<float[]> s = env.step(1);
    assertTrue(s.terminated(), "x = 2.41 is past the 2.4 threshold");
    assertEquals(1.0, s.reward(), "the terminating step is rewarded too");
    var e = assertThrows(IllegalStateException.class, () -> env.step(0));
    assertTrue(e.getMessage().contains("reset"));
    env.resetTo(0, 0, 0.2, 0.5);
    assertTrue(env.step(0).terminated(), "θ = 0.21 rad is past 12°");
    env.reset(0);
    var bad = assertThrows(IllegalArgumentException.class, () -> env.step(2));
    assertTrue(bad.getMessage().contains("got 2"));
  }

  @Test
  void truncatesAtTheTimeLimit() {
    var env = new CartPole(3);
    env.resetTo(0, 0, 0, 0);
    assertFalse(env.step(1).done());
    assertFalse(env.step(0).done());
    Step<float[]> last = env.step(1);
    assertTrue(last.truncated());
    assertFalse(last.terminated());
  }

  @Test
  void rendersTheCartWhereItIs() {
    var env = new CartPole();
    env.resetTo(-1.2, 0, 0, 0);
    BufferedImage img = env.render(300);
    assertEquals(300, img.getWidth());
    assertEquals(200, img.getHeight());
    // The cart is black, a quarter of the way across (x = −1.2 of ±2.4), on the track at 3/4
    // height.
    assertEquals(0x000000, img.getRGB(75, 150) & 0xFFFFFF);
    assertEquals(0xFFFFFF, img.getRGB(225, 140) & 0xFFFFFF);
  }

  private static void assertArrayEquals(float[] a, float[] b) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
  }
}
