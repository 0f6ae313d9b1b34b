package crema.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdleVmCullerTest {
  @Test
  void timeoutIsReadInSecondsAndBadValuesTurnItOff() {
    assertEquals(0, IdleVmCuller.timeoutFromEnvironment(null));
    assertEquals(0, IdleVmCuller.timeoutFromEnvironment(" "));
    assertEquals(0, IdleVmCuller.timeoutFromEnvironment("0"));
    assertEquals(0, IdleVmCuller.timeoutFromEnvironment("-5"));
    assertEquals(0, IdleVmCuller.timeoutFromEnvironment("twenty minutes"));
    assertEquals(1_200_000, IdleVmCuller.timeoutFromEnvironment("1200"));
    assertEquals(1_500, IdleVmCuller.timeoutFromEnvironment("1.5"));
    assertEquals("20 minutes", new IdleVmCuller(1_200_000, () -> {}).timeoutText());
    assertEquals("90 seconds", new IdleVmCuller(90_000, () -> {}).timeoutText());
  }

  @Test
  void cullsOnlyAfterAnIdlePeriodThatNoCellInterrupted() throws InterruptedException {
    AtomicInteger culls = new AtomicInteger();
    CountDownLatch culled = new CountDownLatch(1);
    IdleVmCuller c =
        new IdleVmCuller(
            300,
            () -> {
              culls.incrementAndGet();
              culled.countDown();
            });
    c.idleFrom();
    Thread.sleep(100);
    c.busy(); // a cell started within the timeout: no cull
    Thread.sleep(400);
    assertEquals(0, culls.get());
    c.idleFrom();
    assertTrue(culled.await(5, TimeUnit.SECONDS), "no cull after the idle period");
    assertEquals(1, culls.get());
  }

  @Test
  void offWhenTheTimeoutIsZero() throws InterruptedException {
    AtomicInteger culls = new AtomicInteger();
    IdleVmCuller c = new IdleVmCuller(0, culls::incrementAndGet);
    assertFalse(c.enabled());
    c.idleFrom();
    Thread.sleep(200);
    assertEquals(0, culls.get());
  }
}
