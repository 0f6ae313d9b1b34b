package crema.kernel.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.kernel.exec.StopCheckWeaver;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The stop checks woven into cell classes: they change nothing until a stop is asked for. */
class StopCheckTest {
  /** Stands for a class compiled from a cell. */
  public static final class Cell {
    public static long sumTo(long n) {
      long s = 0;
      for (long i = 1; i <= n; i++) {
        s += i;
      }
      return s;
    }

    public static int classify(int k) {
      int hits = 0;
      for (int i = 0; i < k; i++) {
        switch (i % 3) {
          case 0 -> hits += 2;
          case 1 -> hits -= 1;
          default -> hits += 0;
        }
      }
      return hits;
    }

    public static long spinForever(CountDownLatch started) {
      long spin = 0;
      started.countDown();
      while (true) {
        spin++;
        if (spin == Long.MIN_VALUE) {
          return spin; // never: keeps the loop from being provably infinite
        }
      }
    }
  }

  /** Loads the woven copy of {@link Cell}, in a loader of its own. */
  private static Class<?> wovenCell() throws IOException, ClassNotFoundException {
    String name = Cell.class.getName();
    byte[] original;
    try (InputStream in =
        StopCheckTest.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
      assertNotNull(in);
      original = in.readAllBytes();
    }
    byte[] woven = StopCheckWeaver.weave(original);
    assertTrue(woven.length > original.length, "no checks were woven in");
    ClassLoader loader =
        new ClassLoader(StopCheckTest.class.getClassLoader()) {
          @Override
          protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
            if (n.equals(name)) {
              synchronized (getClassLoadingLock(n)) {
                Class<?> c = findLoadedClass(n);
                return c != null ? c : defineClass(n, woven, 0, woven.length);
              }
            }
            return super.loadClass(n, resolve);
          }
        };
    Class<?> c = Class.forName(name, true, loader);
    assertTrue(c != Cell.class, "the woven class must be a copy");
    return c;
  }

  @Test
  void wovenCodeComputesWhatTheOriginalDoes() throws Exception {
    Class<?> c = wovenCell();
    assertEquals(Cell.sumTo(100_000), c.getMethod("sumTo", long.class).invoke(null, 100_000L));
    assertEquals(Cell.classify(1000), c.getMethod("classify", int.class).invoke(null, 1000));
  }

  @Test
  void aStopEndsALoopInTheCellAndTheNextRequestRunsNormally() throws Exception {
    Class<?> c = wovenCell();
    Method spin = c.getMethod("spinForever", CountDownLatch.class);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    AtomicReference<Throwable> ended = new AtomicReference<>();
    AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
    AtomicReference<Object> nextRequest = new AtomicReference<>();
    long invocation = StopCheck.invocationArrived();
    Thread cellThread =
        new Thread(
            () -> {
              StopCheck.enter();
              entered.countDown();
              try {
                spin.invoke(null, started);
              } catch (InvocationTargetException e) {
                ended.set(e.getCause());
              } catch (ReflectiveOperationException e) {
                ended.set(e);
              } finally {
                StopCheck.leave();
              }
              interruptedAfter.set(Thread.currentThread().isInterrupted());
              StopCheck.invocationArrived();
              StopCheck.enter();
              try {
                nextRequest.set(c.getMethod("sumTo", long.class).invoke(null, 10L));
              } catch (ReflectiveOperationException e) {
                nextRequest.set(e);
              } finally {
                StopCheck.leave();
              }
            });
    cellThread.start();
    assertTrue(entered.await(10, TimeUnit.SECONDS));
    assertTrue(started.await(10, TimeUnit.SECONDS));
    Thread.sleep(200); // deep in the loop, JIT-compiled
    StopCheck.requestStop(invocation);
    cellThread.join(10_000);
    assertFalse(cellThread.isAlive(), "the loop did not stop");
    assertInstanceOf(StopCheck.StopExecution.class, ended.get());
    assertEquals(Boolean.FALSE, interruptedAfter.get(), "the interrupt leaked past the request");
    assertEquals(55L, nextRequest.get(), "the stop reached the next request");
  }

  @Test
  void aStopForAnInvocationThatEndedStopsNothing() throws Exception {
    Class<?> c = wovenCell();
    long ended = StopCheck.invocationArrived();
    StopCheck.enter();
    StopCheck.leave();
    StopCheck.requestStop(ended); // it arrived after the invocation ended: ignored
    assertSumRunsUnstopped(c);
    long running = StopCheck.invocationArrived();
    StopCheck.enter();
    try {
      StopCheck.requestStop(running - 1); // meant for an older one: ignored
      assertFalse(StopCheck.requested());
      assertFalse(Thread.currentThread().isInterrupted());
      assertEquals(55L, c.getMethod("sumTo", long.class).invoke(null, 10L));
    } finally {
      StopCheck.leave();
    }
  }

  @Test
  void aStopThatOvertakesItsInvocationStopsItAsItStarts() throws Exception {
    Class<?> c = wovenCell();
    long next = StopCheck.invocationArrived() + 1;
    StopCheck.enter();
    StopCheck.leave();
    StopCheck.requestStop(next); // sent after the invocation, but it arrived first
    assertEquals(next, StopCheck.invocationArrived());
    assertStoppedAtOnce(c);
    assertSumRunsUnstopped(c);
  }

  @Test
  void aStopBetweenArrivalAndStartStopsItAsItStarts() throws Exception {
    Class<?> c = wovenCell();
    long arrived = StopCheck.invocationArrived();
    StopCheck.requestStop(arrived); // looking up the class to run: no user code yet
    assertStoppedAtOnce(c);
    assertSumRunsUnstopped(c);
  }

  /** Starts the invocation that arrived last: the loop's first check throws. */
  private static void assertStoppedAtOnce(Class<?> c) throws Exception {
    Method spin = c.getMethod("spinForever", CountDownLatch.class);
    StopCheck.enter();
    try {
      assertTrue(StopCheck.requested(), "the early stop was lost");
      InvocationTargetException e =
          assertThrows(
              InvocationTargetException.class, () -> spin.invoke(null, new CountDownLatch(1)));
      assertInstanceOf(StopCheck.StopExecution.class, e.getCause());
    } finally {
      StopCheck.leave();
    }
    assertFalse(Thread.currentThread().isInterrupted(), "the interrupt leaked past the request");
  }

  /** The next invocation runs to its end. */
  private static void assertSumRunsUnstopped(Class<?> c) throws Exception {
    StopCheck.invocationArrived();
    StopCheck.enter();
    try {
      assertFalse(StopCheck.requested());
      assertEquals(55L, c.getMethod("sumTo", long.class).invoke(null, 10L));
    } finally {
      StopCheck.leave();
    }
  }
}
