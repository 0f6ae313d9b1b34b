package crema.rl;

import java.util.List;

/**
 * One played episode: the observations {@code s_0 … s_{T−1}} seen before each action, the actions
 * {@code a_0 … a_{T−1}} and the rewards {@code r_1 … r_T} they earned, and how it ended.
 *
 * <pre>{@code
 * Episode<float[]> ep = Rollouts.play(env, policy, 7);
 * ep.totalReward();                         // Σ r_t, the undiscounted return
 * Returns.discounted(ep.rewards(), 0.99);   // G_t for every step
 * }</pre>
 *
 * @param <O> the observation type
 * @param observations the observation before each action
 * @param actions the actions taken
 * @param rewards the reward after each action
 * @param terminated whether the episode reached a terminal state (otherwise it was truncated)
 */
public record Episode<O>(
    List<O> observations, int[] actions, double[] rewards, boolean terminated) {

  /** The number of steps {@code T}. */
  public int length() {
    return actions.length;
  }

  /** The undiscounted return {@code Σ_t r_t}. */
  public double totalReward() {
    double sum = 0;
    for (double r : rewards) {
      sum += r;
    }
    return sum;
  }
}
