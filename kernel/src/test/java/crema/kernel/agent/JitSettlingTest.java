package crema.kernel.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JitSettlingTest {
  /** A JIT whose compile time grows by the given amounts, one per round, while rounds run. */
  private static final class FakeJit {
    final AtomicLong millis = new AtomicLong();
    final AtomicInteger rounds = new AtomicInteger();
    final long[] perRound;
    long slept;

    FakeJit(long... perRound) {
      this.perRound = perRound;
    }

    JitSettling settling() {
      return new JitSettling(millis::get, ms -> slept += ms);
    }

    void round() {
      int r = rounds.getAndIncrement();
      millis.addAndGet(r < perRound.length ? perRound[r] : perRound[perRound.length - 1]);
    }
  }

  @Test
  void stopsAtTheFirstRoundThatCompilesLittle() {
    FakeJit jit = new FakeJit(900, 300, 120, 20, 500);
    assertEquals(4, jit.settling().settle(jit::round));
    assertEquals(4, jit.rounds.get());
  }

  @Test
  void stopsAfterTheLastRoundWhenTheJitNeverSettles() {
    FakeJit jit = new FakeJit(400);
    assertEquals(JitSettling.MAX_ROUNDS, jit.settling().settle(jit::round));
  }

  @Test
  void runsOneRoundWithoutACompileClock() {
    FakeJit jit = new FakeJit(0);
    assertEquals(1, jit.settling().settle(jit::round));
  }

  @Test
  void waitsForTheQueueToDrainBeforeEachRoundIsJudged() {
    // The compile time keeps growing for 1 s after each round: settle() must not judge a round
    // before its compiles have ended, or it would see 0 and stop after the first round.
    AtomicLong millis = new AtomicLong();
    AtomicLong pending = new AtomicLong();
    AtomicInteger rounds = new AtomicInteger();
    JitSettling s =
        new JitSettling(
            millis::get,
            ms -> {
              long step = Math.min(pending.get(), 10);
              pending.addAndGet(-step);
              millis.addAndGet(step);
            });
    int ran =
        s.settle(
            () -> {
              int r = rounds.getAndIncrement();
              pending.addAndGet(r < 2 ? 200 : 10); // two busy rounds, then a quiet one
            });
    assertEquals(3, ran);
    assertTrue(millis.get() >= 410, "the rounds' compile time was not waited for: " + millis.get());
  }

  @Test
  void theVmsOwnSettlingRunsARound() {
    AtomicInteger rounds = new AtomicInteger();
    int ran = JitSettling.forThisVm().settle(rounds::incrementAndGet);
    assertEquals(ran, rounds.get());
    assertTrue(ran >= 1 && ran <= JitSettling.MAX_ROUNDS);
  }
}
