package crema.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grid worlds against Gymnasium's FrozenLake-v1 and CliffWalking-v1 (make_reference.py). */
class GridWorldTest {

  /**
   * Every non-terminal state's env.P equals Gymnasium's (terminal states are absorbing in both).
   */
  private static void assertSameModel(GridWorld world, JsonArray model, boolean skipUnreachable) {
    assertEquals(world.numStates(), model.size());
    int compared = 0;
    for (int s = 0; s < world.numStates(); s++) {
      // CliffWalking's goal and cliff cells are never occupied: Gymnasium fills P there anyway.
      if (skipUnreachable && (world.cell(s) == 'C' || world.cell(s) == 'G')) {
        continue;
      }
      for (int a = 0; a < 4; a++) {
        JsonArray ref = model.get(s).getAsJsonArray().get(a).getAsJsonArray();
        List<Transition> mine = world.transitions(s, a);
        assertEquals(ref.size(), mine.size(), "outcomes of s=" + s + ", a=" + a);
        for (int i = 0; i < ref.size(); i++) {
          JsonArray r = ref.get(i).getAsJsonArray();
          Transition t = mine.get(i);
          String where = "s=" + s + ", a=" + a + ", outcome " + i;
          assertEquals(r.get(0).getAsDouble(), t.probability(), 1e-15, where);
          assertEquals(r.get(1).getAsInt(), t.next(), where);
          assertEquals(r.get(2).getAsDouble(), t.reward(), where);
          assertEquals(r.get(3).getAsBoolean(), t.terminated(), where);
          compared++;
        }
      }
    }
    assertTrue(compared > 0);
  }

  private static void assertSameEpisode(GridWorld world, JsonObject ref) {
    assertEquals(ref.get("start").getAsInt(), world.reset(0).observation());
    for (JsonElement e : ref.getAsJsonArray("steps")) {
      JsonObject r = e.getAsJsonObject();
      Step<Integer> s = world.step(r.get("action").getAsInt());
      assertEquals(r.get("observation").getAsInt(), s.observation());
      assertEquals(r.get("reward").getAsDouble(), s.reward());
      assertEquals(r.get("terminated").getAsBoolean(), s.terminated());
      assertEquals(r.get("truncated").getAsBoolean(), s.truncated());
    }
  }

  @Test
  void frozenLakeMatchesGymnasium() {
    JsonObject ref = GymReference.get();
    assertSameModel(
        GridWorld.frozenLake(false),
        ref.getAsJsonObject("frozenlake").getAsJsonArray("model"),
        false);
    assertSameModel(
        GridWorld.frozenLake(true),
        ref.getAsJsonObject("frozenlake_slippery").getAsJsonArray("model"),
        false);
    assertSameEpisode(
        GridWorld.frozenLake(false), ref.getAsJsonObject("frozenlake").getAsJsonObject("episode"));
    assertSameEpisode(
        GridWorld.frozenLake(false), ref.getAsJsonObject("frozenlake").getAsJsonObject("hole"));
  }

  @Test
  void cliffWalkingMatchesGymnasium() {
    JsonObject cliff = GymReference.get().getAsJsonObject("cliffwalking");
    assertSameModel(GridWorld.cliffWalking(), cliff.getAsJsonArray("model"), true);
    assertSameEpisode(GridWorld.cliffWalking(), cliff.getAsJsonObject("optimal"));
    assertSameEpisode(GridWorld.cliffWalking(), cliff.getAsJsonObject("fall"));
  }

  @Test
  void slipperyStepsFollowTheModelsProbabilities() {
    var lake = GridWorld.frozenLake(true);
    int[] counts = new int[16];
    lake.reset(3);
    int n = 30_000;
    for (int i = 0; i < n; i++) {
      lake.reset();
      counts[lake.step(GridWorld.LAKE_RIGHT).observation()]++;
    }
    // From 0, "right" slips up (stays at 0), goes right (1) or slips down (4), 1/3 each.
    for (int s : new int[] {0, 1, 4}) {
      assertEquals(1.0 / 3, counts[s] / (double) n, 0.015, "state " + s);
    }
    assertEquals(n, counts[0] + counts[1] + counts[4]);
  }

  @Test
  void frozenLakeIsTruncatedAfter100Steps() {
    var lake = GridWorld.frozenLake(false);
    lake.reset(0);
    Step<Integer> s = null;
    for (int i = 0; i < 100; i++) {
      s = lake.step(GridWorld.LAKE_LEFT);
    }
    assertTrue(s.truncated());
    assertThrows(IllegalStateException.class, () -> lake.step(0));
  }

  @Test
  void badMapsAndActionsAreNamed() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GridWorld.custom(new String[] {"SX"}, false, 0, 1, 0, 10));
    assertTrue(e.getMessage().contains("'X'"));
    var none =
        assertThrows(
            IllegalArgumentException.class,
            () -> GridWorld.custom(new String[] {"FG"}, false, 0, 1, 0, 10));
    assertTrue(none.getMessage().contains("no start"));
    var grid = GridWorld.cliffWalking();
    grid.reset(0);
    assertThrows(IllegalArgumentException.class, () -> grid.step(4));
  }
}
