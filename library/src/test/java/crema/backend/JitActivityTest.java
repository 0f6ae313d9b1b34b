package crema.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JitActivityTest {
  private static final long MS = 1_000_000L;

  @Test
  void aTenthOfTheWallTimeCompilingIsBusy() {
    assertTrue(JitActivity.busy(5, 50 * MS));
    assertTrue(JitActivity.busy(90, 50 * MS)); // two compiler threads: more than the wall time
    assertFalse(JitActivity.busy(4, 50 * MS));
    assertFalse(JitActivity.busy(0, 50 * MS));
    assertFalse(JitActivity.busy(0, 0));
  }

  @Test
  void theSpinIsShortOnlyWhileCompiling() {
    assertEquals(Math.min(Team.SPIN_NANOS, 20_000), Team.SPIN_WHILE_COMPILING_NANOS);
    long spin = Team.spinNanos();
    assertTrue(spin == Team.SPIN_NANOS || spin == Team.SPIN_WHILE_COMPILING_NANOS, "spin " + spin);
  }
}
