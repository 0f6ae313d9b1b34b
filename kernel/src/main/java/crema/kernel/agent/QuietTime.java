package crema.kernel.agent;

/**
 * When the participant's code last ran in this VM, so that background work (the warm-ups, giving
 * memory back) happens only in the time the participant spends reading and typing, never under a
 * cell.
 *
 * <pre>{@code
 * QuietTime.USER.awaitQuiet(1000);      // blocks until a snippet has run and none for 1 s
 * }</pre>
 */
final class QuietTime {
  /** The user VM's one record, fed by the agent around every snippet. */
  static final QuietTime USER = new QuietTime();

  private int running;
  private long lastEnd; // System.nanoTime() when the latest snippet ended; 0 before the first

  /** A snippet starts running. */
  synchronized void starts() {
    running++;
  }

  /** A snippet has run. */
  synchronized void ends() {
    running--;
    lastEnd = System.nanoTime();
    notifyAll();
  }

  /**
   * Waits until a snippet has run, none is running, and none has for {@code ms} milliseconds.
   * Returns the end time of the latest snippet then (its identity, for {@link #awaitRunAfter}), or
   * -1 if interrupted.
   */
  synchronized long awaitQuiet(long ms) {
    while (true) {
      long quietFor = (System.nanoTime() - lastEnd) / 1_000_000;
      if (lastEnd != 0 && running == 0 && quietFor >= ms) {
        return lastEnd;
      }
      try {
        wait(lastEnd == 0 || running > 0 ? 0 : ms - quietFor);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
  }

  /** Waits until a snippet that started after the one that ended at {@code end} has ended. */
  synchronized void awaitRunAfter(long end) throws InterruptedException {
    while (lastEnd == end) {
      wait();
    }
  }
}
