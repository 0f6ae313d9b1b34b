package crema.rl;

/**
 * Returns computed from rewards: the quantity reinforcement learning maximises.
 *
 * <p>The discounted return from step {@code t} (the "reward to go") is
 *
 * <pre>
 *   G_t = r_{t+1} + γ r_{t+2} + γ² r_{t+3} + … = r_{t+1} + γ G_{t+1},   G_T = 0
 * </pre>
 *
 * computed backwards in one pass. With {@code γ = 0.5} and rewards {@code [1, 1, 1]}: {@code G =
 * [1.75, 1.5, 1]}.
 *
 * <pre>{@code
 * double[] g = Returns.discounted(new double[] {1, 1, 1}, 0.5);   // [1.75, 1.5, 1.0]
 * double[] smooth = Returns.movingAverage(episodeReturns, 20);     // for a return curve
 * }</pre>
 */
public final class Returns {
  private Returns() {}

  /** {@code G_t} for every step of an episode with the given rewards. */
  public static double[] discounted(double[] rewards, double gamma) {
    checkGamma(gamma);
    double[] g = new double[rewards.length];
    double running = 0;
    for (int t = rewards.length - 1; t >= 0; t--) {
      running = rewards[t] + gamma * running;
      g[t] = running;
    }
    return g;
  }

  /**
   * {@code (x − mean) / (std + 1e-8)} (population standard deviation): keeps the scale of policy
   * gradients the same whether returns are 10 or 500.
   */
  public static double[] standardized(double[] x) {
    if (x.length == 0) {
      return x.clone();
    }
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double var = 0;
    for (double v : x) {
      var += (v - mean) * (v - mean);
    }
    double std = Math.sqrt(var / x.length);
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (x[i] - mean) / (std + 1e-8);
    }
    return out;
  }

  /**
   * The mean of the last {@code window} values at each point (fewer at the start): the smooth line
   * drawn over noisy per-episode returns.
   */
  public static double[] movingAverage(double[] x, int window) {
    if (window <= 0) {
      throw new IllegalArgumentException("movingAverage: window must be positive, got " + window);
    }
    double[] out = new double[x.length];
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += x[i];
      if (i >= window) {
        sum -= x[i - window];
      }
      out[i] = sum / Math.min(i + 1, window);
    }
    return out;
  }

  static void checkGamma(double gamma) {
    if (!(gamma >= 0 && gamma <= 1)) {
      throw new IllegalArgumentException("the discount γ must be in [0, 1], got " + gamma);
    }
  }
}
