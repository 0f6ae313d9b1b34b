package crema.kernel.agent;

/**
 * How the stop button reaches code running in the user VM, without a debugger attached.
 *
 * <p>A debugger (JDWP) could throw an exception into any thread at any point, but loading one makes
 * HotSpot keep every local variable observable and give up optimisations: training ran a third
 * slower with the agent loaded, even with no debugger connected. So the user VM runs without one,
 * and a stop is cooperative, in three ways that together reach the code a participant writes:
 *
 * <ul>
 *   <li>The kernel compiles every cell with a call to {@link #check()} at the start of each method
 *       and before each backward jump (see {@code crema.kernel.exec.StopCheckWeaver}): a loop
 *       written in a cell ends at the end of its current iteration, never halfway through an
 *       optimizer step.
 *   <li>The running thread is interrupted: {@code Thread.sleep}, {@code wait}, {@code join} and
 *       blocking queues return at once, and the library's long loops ({@code Trainer.fit}, the data
 *       loader) honour {@link Thread#interrupt()} as Java's convention for cancellation asks.
 *   <li>A stop that does neither (a long call into code that ignores interrupts) is escalated by
 *       the kernel: a second press of the button restarts the VM.
 * </ul>
 *
 * <p>Only the thread that runs the cell is stopped: a thread the user started in an earlier cell
 * keeps running, as it would under a debugger's stop.
 *
 * <p>A stop names the invocation it is meant for: both sides count the kernel's invocations. The
 * stop travels on the side channel and the invocation on JShell's command socket, so the stop can
 * overtake it. A stop for an invocation that has not started yet is kept and applied as it starts;
 * a stop for one that has ended is dropped, so that it never lands in the next.
 */
public final class StopCheck {
  /** The thread running user code for the current request, or {@code null} between requests. */
  private static volatile Thread running;

  /** The thread to stop at its next check; set by {@link #requestStop(long)}, one volatile read. */
  private static volatile Thread target;

  /** How many invocations have arrived from the kernel; the last one is the current one. */
  private static long arrived;

  /** The number of the last invocation whose user code started. */
  private static long started;

  /** The invocation the kernel asked to stop before it started, or 0. */
  private static long stopBeforeStart;

  private StopCheck() {}

  /**
   * Called by the classes compiled from cells (the kernel weaves the calls in): throws when the
   * user asked to stop the thread that runs it.
   */
  public static void check() {
    if (target == Thread.currentThread()) {
      throw new StopExecution();
    }
  }

  /**
   * An invocation arrived from the kernel; its user code has not started yet.
   *
   * @return its number, counting from 1 as the kernel does
   */
  static synchronized long invocationArrived() {
    return ++arrived;
  }

  /**
   * The calling thread starts running user code for the kernel. If the kernel asked to stop this
   * invocation before it got here, it is stopped at once: its first check throws.
   */
  static synchronized void enter() {
    Thread t = Thread.currentThread();
    running = t;
    target = null;
    if (started != arrived) {
      started = arrived;
      if (stopBeforeStart == arrived) {
        stopBeforeStart = 0;
        target = t;
        t.interrupt();
      }
    }
  }

  /**
   * The calling thread is done with user code: a stop that arrives later has nothing to stop, and
   * an interrupt meant for this request must not reach the next one.
   */
  static synchronized void leave() {
    running = null;
    target = null;
    Thread.interrupted();
  }

  /** Whether the user asked to stop the current request. */
  static boolean requested() {
    return target != null;
  }

  /**
   * Asks the thread running user code to stop (called on the side channel's reader thread when the
   * kernel sends {@link Frames#STOP}). Synchronized with {@link #enter()} and {@link #leave()}, so
   * that an interrupt never lands in the next request.
   *
   * @param invocation the number of the kernel's invocation to stop, counting from 1
   */
  static synchronized void requestStop(long invocation) {
    if (invocation < arrived) {
      return; // that invocation is over
    }
    Thread t = running;
    if (invocation == arrived && started == arrived) {
      if (t != null) {
        target = t;
        t.interrupt();
      }
      return; // running: stopped now; or already over
    }
    stopBeforeStart = invocation;
  }

  /**
   * What {@link #check()} throws. An {@link Error}, so that a cell's {@code catch (Exception e)}
   * does not swallow it; without a stack trace, because it is never shown.
   */
  static final class StopExecution extends Error {
    private static final long serialVersionUID = 1L;

    StopExecution() {
      super("stopped", null, false, false);
    }
  }
}
