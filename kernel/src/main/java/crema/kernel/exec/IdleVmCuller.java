package crema.kernel.exec;

import crema.kernel.agent.EnvSeconds;

/**
 * Optional, off by default: stops the user VM of a participant who has been idle for a while, so
 * that a workshop machine keeps memory for those who work. The kernel itself stays up (the notebook
 * stays connected, unlike Jupyter's own kernel culler); the next cell starts a new VM and is told
 * that the variables were reset.
 *
 * <p>Turned on by {@code CREMA_CULL_IDLE_TIMEOUT}, in seconds, like JupyterHub's and Jupyter
 * Server's {@code cull_idle_timeout}. The clock starts when a cell ends and stops when the next one
 * starts.
 */
final class IdleVmCuller {
  /** The environment variable that turns culling on (seconds; unset or 0 is off). */
  static final String ENV = "CREMA_CULL_IDLE_TIMEOUT";

  private final long timeoutMs;
  private final Runnable cull;
  private final IdleTimer timer = new IdleTimer("crema-idle-culler");

  /**
   * @param timeoutMs idle time before {@code cull} runs; 0 or less turns culling off
   * @param cull stops the user VM (runs on a timer thread)
   */
  IdleVmCuller(long timeoutMs, Runnable cull) {
    this.timeoutMs = timeoutMs;
    this.cull = cull;
  }

  /** The timeout in {@link #ENV} in milliseconds; 0 when unset, blank or not a positive number. */
  static long timeoutFromEnvironment(String value) {
    return EnvSeconds.millis(ENV, value, 0);
  }

  /** The timeout as the user reads it: "30 minutes", "45 seconds". */
  String timeoutText() {
    long s = timeoutMs / 1000;
    return s >= 120 && s % 60 == 0 ? s / 60 + " minutes" : s + " seconds";
  }

  boolean enabled() {
    return timeoutMs > 0;
  }

  /** A cell starts: the participant is not idle. */
  void busy() {
    timer.cancel();
  }

  /** A cell ended: the idle clock starts. */
  void idleFrom() {
    if (enabled()) {
      timer.after(timeoutMs, cull);
    } else {
      timer.cancel();
    }
  }
}
