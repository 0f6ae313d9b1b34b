package crema.rl;

import java.util.Map;

/**
 * What {@link Env#step(Object)} returns, Gymnasium's {@code (observation, reward, terminated,
 * truncated, info)}.
 *
 * <p>The two ways an episode ends matter for learning: after {@code terminated} the state is
 * terminal and its value is 0, so the target is just {@code r}; after {@code truncated} (a time
 * limit) the state still has a value, and a bootstrapped target {@code r + γ V(s')} stays right.
 *
 * <pre>{@code
 * Step<float[]> s = env.step(1);
 * total += s.reward();
 * if (s.done()) env.reset();
 * }</pre>
 *
 * @param <O> the observation type
 * @param observation the observation after the action
 * @param reward the reward for this transition
 * @param terminated whether a terminal state was reached (the pole fell, the goal was reached)
 * @param truncated whether the episode was cut by a time limit
 * @param info diagnostic information (may be empty)
 */
public record Step<O>(
    O observation, double reward, boolean terminated, boolean truncated, Map<String, Object> info) {

  /** Whether the episode is over, for either reason: {@code terminated || truncated}. */
  public boolean done() {
    return terminated || truncated;
  }
}
