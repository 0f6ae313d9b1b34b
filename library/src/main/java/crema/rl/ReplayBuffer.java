package crema.rl;

import crema.tensor.Rng;
import crema.tensor.Tensor;

/**
 * Experience replay (Lin 1992; Mnih et al. 2015): a ring buffer of the last {@code capacity}
 * transitions {@code (s, a, r, s', terminated)}, from which DQN learns in uniformly drawn
 * minibatches. Drawing at random breaks the correlation between consecutive steps, which would
 * otherwise make stochastic gradient descent chase the latest few states, and each transition is
 * reused many times. When full, the oldest transition is overwritten.
 *
 * <pre>{@code
 * var buffer = new ReplayBuffer(10_000, 4, 0);
 * buffer.add(s, a, r, next, terminated);
 * ReplayBatch batch = buffer.sample(64);   // with replacement, P(i) = 1/size
 * }</pre>
 */
public final class ReplayBuffer {
  private final int capacity;
  private final int dim;
  private final float[] states;
  private final float[] nextStates;
  private final int[] actions;
  private final float[] rewards;
  private final boolean[] terminated;
  private final Rng rng;
  private int size;
  private int next;

  /**
   * An empty buffer.
   *
   * @param capacity the number of transitions kept
   * @param observationSize the length {@code d} of each observation
   * @param seed seeds the sampling
   */
  public ReplayBuffer(int capacity, int observationSize, long seed) {
    if (capacity <= 0 || observationSize <= 0) {
      throw new IllegalArgumentException(
          "ReplayBuffer: capacity and observation size must be positive, got "
              + capacity
              + " and "
              + observationSize);
    }
    this.capacity = capacity;
    this.dim = observationSize;
    this.states = new float[capacity * dim];
    this.nextStates = new float[capacity * dim];
    this.actions = new int[capacity];
    this.rewards = new float[capacity];
    this.terminated = new boolean[capacity];
    this.rng = new Rng(seed);
  }

  /** Stores one transition, overwriting the oldest when full. */
  public void add(float[] s, int a, double r, float[] sNext, boolean isTerminal) {
    if (s.length != dim || sNext.length != dim) {
      throw new IllegalArgumentException(
          "ReplayBuffer.add: observations must have "
              + dim
              + " values, got "
              + s.length
              + " and "
              + sNext.length);
    }
    System.arraycopy(s, 0, states, next * dim, dim);
    System.arraycopy(sNext, 0, nextStates, next * dim, dim);
    actions[next] = a;
    rewards[next] = (float) r;
    terminated[next] = isTerminal;
    next = (next + 1) % capacity;
    size = Math.min(size + 1, capacity);
  }

  /** {@code batchSize} transitions drawn uniformly with replacement. */
  public ReplayBatch sample(int batchSize) {
    if (size == 0) {
      throw new IllegalStateException("ReplayBuffer.sample: the buffer is empty");
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("ReplayBuffer.sample: batch size must be positive");
    }
    float[] s = new float[batchSize * dim];
    float[] s2 = new float[batchSize * dim];
    int[] a = new int[batchSize];
    float[] r = new float[batchSize];
    boolean[] done = new boolean[batchSize];
    for (int b = 0; b < batchSize; b++) {
      int i = rng.nextInt(size);
      System.arraycopy(states, i * dim, s, b * dim, dim);
      System.arraycopy(nextStates, i * dim, s2, b * dim, dim);
      a[b] = actions[i];
      r[b] = rewards[i];
      done[b] = terminated[i];
    }
    return new ReplayBatch(
        Tensor.wrap(s, batchSize, dim), a, r, Tensor.wrap(s2, batchSize, dim), done);
  }

  /** The number of transitions stored. */
  public int size() {
    return size;
  }

  /** The most transitions kept. */
  public int capacity() {
    return capacity;
  }
}
