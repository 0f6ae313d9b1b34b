package crema.rl;

import crema.tensor.Rng;

/**
 * The set of valid actions or observations of an environment, Gymnasium's {@code Space}: it can
 * draw a random element and tell whether a value belongs to it. Each space owns a generator, so
 * {@code seed(s)} makes its samples reproducible.
 *
 * <pre>{@code
 * Space<Integer> actions = new Discrete(2);
 * actions.seed(42);
 * int a = actions.sample();        // 0 or 1, the same sequence after every seed(42)
 * actions.contains(3);             // false
 * }</pre>
 *
 * @param <T> the type of the elements
 */
public interface Space<T> {

  /** A random element, drawn from this space's own generator. */
  T sample();

  /** Whether {@code value} is an element of this space. */
  boolean contains(T value);

  /** Restarts this space's generator from {@code seed}. */
  void seed(long seed);

  /** The generator {@link #sample()} draws from. */
  Rng rng();
}
