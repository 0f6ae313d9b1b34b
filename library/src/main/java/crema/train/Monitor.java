package crema.train;

import java.util.Locale;

/** Which direction of a monitored quantity is better, from its name. */
final class Monitor {
  private Monitor() {}

  /**
   * Losses and errors (names containing loss, error, mae, mse, rmse) improve downwards; everything
   * else (accuracy, F1, AUC) upwards.
   */
  static boolean lowerIsBetter(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("loss")
        || k.contains("error")
        || k.endsWith("mae")
        || k.endsWith("mse")
        || k.equals("time");
  }
}
