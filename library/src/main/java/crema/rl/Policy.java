package crema.rl;

/**
 * A rule that picks an action for an observation, {@code a = π(s)}; a deterministic policy, or one
 * that samples from {@code π(a | s)} with its own generator.
 *
 * <pre>{@code
 * Policy<float[]> leanRight = obs -> obs[2] > 0 ? 1 : 0;
 * double r = Rollouts.play(new CartPole(), leanRight, 0).totalReward();
 * }</pre>
 *
 * @param <O> the observation type
 */
@FunctionalInterface
public interface Policy<O> {

  /** The action to take on seeing {@code observation}. */
  int act(O observation);
}
