package crema.rl;

import crema.tensor.Rng;

/**
 * Tabular Q-learning (Watkins 1989): learn the optimal action values from experience alone, one
 * transition at a time, with the update
 *
 * <pre>
 *   Q(s, a) ← Q(s, a) + α · (r + γ · (terminated ? 0 : max_{a'} Q(s', a')) − Q(s, a))
 * </pre>
 *
 * while acting ε-greedily: a random action with probability {@code ε}, else {@code argmax_a Q(s,
 * a)} (ties broken at random). The target uses the <i>best</i> next action whatever the agent does
 * next, so Q-learning is off-policy: it learns {@code Q*} even while exploring, and its greedy
 * policy converges to the optimal one when every state-action pair keeps being tried.
 *
 * <pre>{@code
 * var env = GridWorld.cliffWalking();
 * var agent = new QLearning(env.numStates(), env.numActions(), 0.5, 0.99, 0.1, 0);
 * env.reset(0);
 * for (int i = 0; i < 500; i++) agent.runEpisode(env);
 * int[] policy = agent.greedyPolicy();
 * }</pre>
 */
public final class QLearning {
  private final double[][] q;
  private final double alpha;
  private final double gamma;
  private double epsilon;
  private final Rng rng;

  /**
   * A table of zeros for {@code states × actions}.
   *
   * @param alpha the step size, in (0, 1]
   * @param gamma the discount, in [0, 1]
   * @param epsilon the exploration rate, in [0, 1]
   * @param seed seeds the exploration
   */
  public QLearning(int states, int actions, double alpha, double gamma, double epsilon, long seed) {
    if (states <= 0 || actions <= 0) {
      throw new IllegalArgumentException(
          "QLearning: need at least one state and one action, got " + states + " x " + actions);
    }
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("QLearning: α must be in (0, 1], got " + alpha);
    }
    Returns.checkGamma(gamma);
    this.q = new double[states][actions];
    this.alpha = alpha;
    this.gamma = gamma;
    this.rng = new Rng(seed);
    setEpsilon(epsilon);
  }

  /** Changes the exploration rate (e.g. to decay it over training). */
  public void setEpsilon(double epsilon) {
    if (!(epsilon >= 0 && epsilon <= 1)) {
      throw new IllegalArgumentException("QLearning: ε must be in [0, 1], got " + epsilon);
    }
    this.epsilon = epsilon;
  }

  /** The exploration rate. */
  public double epsilon() {
    return epsilon;
  }

  /** An ε-greedy action in state {@code s}. */
  public int act(int s) {
    if (rng.nextFloat() < epsilon) {
      return rng.nextInt(q[s].length);
    }
    double best = ValueIteration.max(q[s]);
    int ties = 0;
    int choice = 0;
    for (int a = 0; a < q[s].length; a++) {
      // Reservoir sampling over the tied best actions: each is picked with probability 1/ties.
      if (q[s][a] == best && rng.nextInt(++ties) == 0) {
        choice = a;
      }
    }
    return choice;
  }

  /**
   * One Q-learning update for the transition {@code (s, a, r, s')}; returns the TD error {@code δ =
   * r + γ max Q(s', ·) − Q(s, a)} before the update.
   */
  public double update(int s, int a, double r, int next, boolean terminated) {
    double target = r + (terminated ? 0 : gamma * ValueIteration.max(q[next]));
    double delta = target - q[s][a];
    q[s][a] += alpha * delta;
    return delta;
  }

  /** Plays one episode from {@code env.reset()}, learning from every step; returns its return. */
  public double runEpisode(Env<Integer, Integer> env) {
    int s = env.reset().observation();
    double total = 0;
    while (true) {
      int a = act(s);
      Step<Integer> step = env.step(a);
      update(s, a, step.reward(), step.observation(), step.terminated());
      total += step.reward();
      s = step.observation();
      if (step.done()) {
        return total;
      }
    }
  }

  /** {@code argmax_a Q(s, a)} for every state. */
  public int[] greedyPolicy() {
    return ValueIteration.greedy(q);
  }

  /** The greedy policy as a {@link Policy}, for {@link Rollouts}. */
  public Policy<Integer> policy() {
    return s -> ValueIteration.argmax(q[s]);
  }

  /** The learned table {@code Q[s][a]} (a copy). */
  public double[][] table() {
    double[][] copy = new double[q.length][];
    for (int s = 0; s < q.length; s++) {
      copy[s] = q[s].clone();
    }
    return copy;
  }
}
