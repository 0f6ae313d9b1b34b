package crema.kernel;

import crema.kernel.protocol.Timestamps;

/**
 * The kernel's own log, on stderr (the notebook server's log). Quiet by design: only rejected
 * messages, warnings and failures; {@code CREMA_DEBUG=1} adds one line per message.
 */
public final class Log {
  private static final boolean DEBUG = "1".equals(System.getenv("CREMA_DEBUG"));

  private Log() {}

  public static void warn(String msg) {
    System.err.println("[crema " + Timestamps.now() + "] WARNING " + msg);
  }

  public static void error(String msg, Throwable t) {
    System.err.println(
        "[crema " + Timestamps.now() + "] ERROR " + msg + (t == null ? "" : ": " + t));
  }

  public static void debug(String msg) {
    if (DEBUG) {
      System.err.println("[crema " + Timestamps.now() + "] " + msg);
    }
  }
}
