package crema.kernel.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
