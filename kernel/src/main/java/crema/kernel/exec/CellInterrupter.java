package crema.kernel.exec;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The stop button for the cell that runs now: which cell that is, whether it was interrupted, and
 * how a stop reaches the user VM.
 *
 * <p>The cell stops after the snippet being compiled or run. If user code is running, the user VM
 * is asked to stop it (see {@code crema.kernel.agent.StopCheck}); if the kernel is still compiling
 * or the VM is still starting, a watcher retries until the snippet starts running or the cell ends,
 * so an early interrupt is never lost. Code that has not stopped after {@link
 * #STILL_RUNNING_NOTE_MS} gets a note on how to force it, and a second interrupt after that kills
 * the VM (the session then restarts it and says the state was lost).
 */
final class CellInterrupter {
  /** How long a stop may take before the user is told how to force it. */
  static final long STILL_RUNNING_NOTE_MS = 3_000;

  private final Consumer<String> stderr;
  private final AtomicLong cellSeq = new AtomicLong();
  private volatile boolean cellActive;
  private volatile boolean interrupted;

  /** When the current cell's stop reached the user VM ({@link System#nanoTime()}), or 0. */
  private volatile long stopSentAt;

  /** Whether the user VM was killed by a second interrupt (its death is then no surprise). */
  private volatile boolean killedByStop;

  /**
   * @param stderr shows a line of text on the cell's stderr
   */
  CellInterrupter(Consumer<String> stderr) {
    this.stderr = stderr;
  }

  /** Marks the start of a cell: an interrupt from now on stops it. */
  void beginCell() {
    interrupted = false;
    stopSentAt = 0;
    killedByStop = false;
    cellSeq.incrementAndGet();
    cellActive = true;
  }

  /** Marks the end of a cell: a later interrupt has nothing to stop. */
  void endCell() {
    cellActive = false;
  }

  boolean cellActive() {
    return cellActive;
  }

  /** Whether the running cell was interrupted: no further snippet of it runs. */
  boolean interrupted() {
    return interrupted;
  }

  /** Whether the user VM died because a second interrupt killed it. */
  boolean killedByStop() {
    return killedByStop;
  }

  /**
   * Interrupts the running cell, if any (called from the control thread; returns at once).
   *
   * @param control the user VM's execution control now, or {@code null} while the VM is starting
   */
  void stop(Supplier<CremaExecutionControl> control) {
    if (!cellActive) {
      return;
    }
    CremaExecutionControl ec = control.get();
    long sent = stopSentAt;
    if (interrupted
        && sent != 0
        && System.nanoTime() - sent > STILL_RUNNING_NOTE_MS * 1_000_000L
        && ec != null
        && ec.userCodeRunning()) {
      killedByStop = true;
      stderr.accept("[crema] Interrupted again: restarting the Java VM that runs your code.\n");
      ec.kill();
      return;
    }
    interrupted = true;
    long seq = cellSeq.get();
    Thread watcher = new Thread(() -> deliver(control, seq), "crema-interrupt");
    watcher.setDaemon(true);
    watcher.start();
  }

  private void deliver(Supplier<CremaExecutionControl> control, long seq) {
    // A VM that is starting may take a while; a cell that starts code after that is stopped then.
    long deadline = System.nanoTime() + 120_000_000_000L;
    CremaExecutionControl ec;
    while ((ec = control.get()) == null || !attemptStop(ec)) {
      if (!sameCell(seq) || System.nanoTime() > deadline) {
        return;
      }
      sleep(5);
    }
    stopSentAt = System.nanoTime();
    sleep(STILL_RUNNING_NOTE_MS);
    if (sameCell(seq) && ec.userCodeRunning()) {
      stderr.accept(
          "[crema] Still running: the code has not reached a point where it can stop (a loop in"
              + " a cell stops at the end of its current iteration, Trainer.fit at the next"
              + " batch). Interrupt again to restart the Java VM; all variables will be lost.\n");
    }
  }

  private boolean sameCell(long seq) {
    return cellActive && cellSeq.get() == seq;
  }

  private static boolean attemptStop(CremaExecutionControl ec) {
    try {
      return ec.tryStop() || ec.terminated();
    } catch (RuntimeException e) {
      return true; // the VM is gone: nothing left to stop
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
