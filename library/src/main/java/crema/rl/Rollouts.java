package crema.rl;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Plays policies in environments: one episode, or the mean return over several, the figure every
 * agent in this package is judged by,
 *
 * <pre>
 *   mean return = (1/N) Σ_{episodes} Σ_t r_t
 * </pre>
 *
 * <pre>{@code
 * double mean = Rollouts.meanReturn(new CartPole(), obs -> obs[2] > 0 ? 1 : 0, 20, 1000);
 * }</pre>
 */
public final class Rollouts {
  private Rollouts() {}

  /** Plays one episode from {@code reset(seed)}. */
  public static <O> Episode<O> play(Env<O, Integer> env, Policy<O> policy, long seed) {
    return play(env, policy, env.reset(seed).observation(), null);
  }

  /** Plays one episode from {@code reset()}, continuing the environment's generator. */
  public static <O> Episode<O> play(Env<O, Integer> env, Policy<O> policy) {
    return play(env, policy, env.reset().observation(), null);
  }

  /**
   * Plays one episode from {@code reset(seed)} and hands {@code frames} a picture of every state,
   * the first included (for an {@link Animation}).
   */
  public static <O> Episode<O> play(
      Env<O, Integer> env, Policy<O> policy, long seed, Consumer<BufferedImage> frames) {
    O first = env.reset(seed).observation();
    frames.accept(env.render());
    return play(env, policy, first, frames);
  }

  private static <O> Episode<O> play(
      Env<O, Integer> env, Policy<O> policy, O first, Consumer<BufferedImage> frames) {
    List<O> observations = new ArrayList<>();
    List<Integer> actions = new ArrayList<>();
    List<Double> rewards = new ArrayList<>();
    O obs = first;
    while (true) {
      int a = policy.act(obs);
      Step<O> s = env.step(a);
      observations.add(obs);
      actions.add(a);
      rewards.add(s.reward());
      if (frames != null) {
        frames.accept(env.render());
      }
      obs = s.observation();
      if (s.done()) {
        return new Episode<>(
            List.copyOf(observations),
            actions.stream().mapToInt(Integer::intValue).toArray(),
            rewards.stream().mapToDouble(Double::doubleValue).toArray(),
            s.terminated());
      }
    }
  }

  /**
   * The mean undiscounted return of {@code episodes} episodes, seeded {@code seed}, {@code seed +
   * 1}, …: the same seeds give the same start states for every policy compared.
   */
  public static <O> double meanReturn(
      Env<O, Integer> env, Policy<O> policy, int episodes, long seed) {
    if (episodes <= 0) {
      throw new IllegalArgumentException("meanReturn: episodes must be positive, got " + episodes);
    }
    double sum = 0;
    for (int i = 0; i < episodes; i++) {
      sum += play(env, policy, seed + i).totalReward();
    }
    return sum / episodes;
  }
}
