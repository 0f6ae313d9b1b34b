package crema.rl;

import java.awt.image.BufferedImage;

/**
 * An environment in the manner of Gymnasium's {@code Env}: the world an agent acts in, one step at
 * a time.
 *
 * <pre>{@code
 * Env<float[], Integer> env = new CartPole();
 * var r = env.reset(42);                       // seeds the environment, first observation
 * double ret = 0;
 * while (true) {
 *   Step<float[]> s = env.step(env.actionSpace().sample());
 *   ret += s.reward();
 *   if (s.done()) break;
 * }
 * }</pre>
 *
 * <p>Seeding: {@code reset(seed)} restarts the environment's generator, so the same seed and the
 * same actions give the same episode; {@code reset()} continues the generator (the next episode of
 * a seeded run). Calling {@code step} before {@code reset}, or after the episode ended, is an error
 * (Gymnasium only warns; an exception here names the mistake at once).
 *
 * @param <O> the observation type
 * @param <A> the action type
 */
public interface Env<O, A> {

  /** Starts an episode with a freshly seeded generator. */
  Reset<O> reset(long seed);

  /** Starts the next episode, continuing the generator. */
  Reset<O> reset();

  /** Applies {@code action} and advances the world by one step. */
  Step<O> step(A action);

  /** The valid observations. */
  Space<O> observationSpace();

  /** The valid actions. */
  Space<A> actionSpace();

  /** A picture of the current state (Gymnasium's {@code render_mode="rgb_array"}). */
  BufferedImage render();
}
