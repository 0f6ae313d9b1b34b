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
 */
public final class StopCheck {
  /** The thread running user code for the current request, or {@code null} between requests. */
  private static volatile Thread running;

  /** The thread to stop at its next check; set by {@link #requestStop()}, one volatile read. */
  private static volatile Thread target;

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

  /** The calling thread starts running user code for the kernel. */
  static synchronized void enter() {
    target = null;
    running = Thread.currentThread();
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
   * kernel sends {@link Frames#STOP}); does nothing between requests. Synchronized with {@link
   * #enter()} and {@link #leave()}, so that an interrupt never lands in the next request.
   */
  static synchronized void requestStop() {
    Thread t = running;
    if (t != null) {
      target = t;
      t.interrupt();
    }
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
