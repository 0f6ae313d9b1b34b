package crema.kernel.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmWarmUpTest {
  /**
   * The warm-up swallows every exception (it must never reach the notebook), so a family whose step
   * throws would silently leave the rest of the warm-up undone: every family of every phase must
   * train.
   */
  @Test
  void everyPhaseTrainsEachOfItsFamilies() {
    for (VmWarmUp.Phase phase : VmWarmUp.PHASES) {
      List<VmWarmUp.Step> steps = VmWarmUp.trainingSteps(phase.batch(), phase.families());
      assertEquals(phase.families().size(), steps.size(), "one step per family: " + phase);
      for (VmWarmUp.Step step : steps) {
        step.run();
        step.run();
      }
    }
  }

  /**
   * The engine is compiled from the profile of the phase that calls it most; a family that
   * broadcasts its biases must be in that profile wherever the JIT's window falls, or the compiled
   * engine is thrown away at the first model that broadcasts (VmWarmUp.PHASES).
   */
  @Test
  void theLongestPhaseInterleavesAFamilyThatBroadcastsItsBiases() {
    VmWarmUp.Phase longest = VmWarmUp.PHASES.get(0);
    for (VmWarmUp.Phase p : VmWarmUp.PHASES) {
      if (p.steps() * p.families().size() > longest.steps() * longest.families().size()) {
        longest = p;
      }
    }
    assertTrue(longest.interleaved(), "one step of each family in turn: " + longest);
    assertTrue(longest.families().contains(VmWarmUp.Family.TENSOR_MLP), longest.toString());
  }

  /**
   * The warm-up's images must take the branches that real images take in compiled code: the binary
   * cross-entropy skips a logarithm for a target of exactly 0 or exactly 1.
   */
  @Test
  void theWarmUpsImagesHaveBlankAndSaturatedPixelsLikeRealOnes() {
    float[] v = VmWarmUp.imageLike(new Rng(1), 8, 1, 28, 28).toFloatArray();
    assertEquals(8 * 784, v.length);
    int zeros = 0;
    int ones = 0;
    for (float x : v) {
      assertTrue(x >= 0f && x <= 1f, "a pixel outside [0, 1]: " + x);
      zeros += x == 0f ? 1 : 0;
      ones += x == 1f ? 1 : 0;
    }
    assertEquals(0.5, zeros / (double) v.length, 0.05, "about half the pixels blank");
    assertEquals(0.05, ones / (double) v.length, 0.02, "a few saturated pixels");
  }

  @Test
  void theWarmUpsModelsLeaveTheParticipantsRandomStreamAlone() {
    Rng.manualSeed(5);
    float[] expected = Tensor.rand(4).toFloatArray();
    Rng.manualSeed(5);
    List<VmWarmUp.Step> steps =
        VmWarmUp.withGlobalRngUntouched(
            () -> VmWarmUp.trainingSteps(8, EnumSet.allOf(VmWarmUp.Family.class)));
    assertNotNull(steps, "the generator's state could not be saved");
    assertArrayEquals(expected, Tensor.rand(4).toFloatArray());
  }
}
