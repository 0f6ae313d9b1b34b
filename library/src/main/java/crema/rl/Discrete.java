package crema.rl;

import crema.tensor.Rng;

/**
 * The integers {@code 0, 1, …, n−1}, Gymnasium's {@code Discrete(n)}: the actions "push left / push
 * right" of CartPole, or the cells of a grid world. {@code sample()} is uniform: {@code P(a) =
 * 1/n}.
 *
 * <pre>{@code
 * var space = new Discrete(4);
 * space.seed(0);
 * space.sample();          // one of 0, 1, 2, 3
 * space.contains(4);       // false
 * }</pre>
 */
public final class Discrete implements Space<Integer> {
  private final int n;
  private final Rng rng = new Rng(0);

  /** The integers {@code 0 … n−1}; {@code n} must be positive. */
  public Discrete(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("Discrete: n must be positive, got " + n);
    }
    this.n = n;
  }

  /** The number of elements. */
  public int n() {
    return n;
  }

  @Override
  public Integer sample() {
    return rng.nextInt(n);
  }

  @Override
  public boolean contains(Integer value) {
    return value != null && value >= 0 && value < n;
  }

  @Override
  public void seed(long seed) {
    rng.seed(seed);
  }

  @Override
  public Rng rng() {
    return rng;
  }

  @Override
  public String toString() {
    return "Discrete(" + n + ")";
  }
}
