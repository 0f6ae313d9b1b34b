package crema.kernel.agent;

/**
 * A duration that the environment gives in seconds, as Jupyter's own cullers take theirs: {@code
 * CREMA_IDLE_TRIM} in the user VM, {@code CREMA_CULL_IDLE_TIMEOUT} in the kernel.
 *
 * <pre>{@code
 * EnvSeconds.millis("CREMA_IDLE_TRIM", "2.5", 30_000);   // 2500
 * EnvSeconds.millis("CREMA_IDLE_TRIM", null, 30_000);    // 30000, the default
 * }</pre>
 */
public final class EnvSeconds {
  private EnvSeconds() {}

  /**
   * {@code value} seconds in milliseconds: {@code whenUnsetMs} when the variable is unset or blank,
   * and also when it is not a number (said on stderr, naming the variable); 0 for zero or less.
   */
  public static long millis(String name, String value, long whenUnsetMs) {
    if (value == null || value.isBlank()) {
      return whenUnsetMs;
    }
    try {
      return Math.max(0, Math.round(Double.parseDouble(value.trim()) * 1000));
    } catch (NumberFormatException e) {
      System.err.println(
          "[crema] "
              + name
              + "="
              + value
              + " is not a number of seconds: "
              + (whenUnsetMs == 0 ? "ignored" : "using " + whenUnsetMs / 1000.0 + " s"));
      return whenUnsetMs;
    }
  }
}
