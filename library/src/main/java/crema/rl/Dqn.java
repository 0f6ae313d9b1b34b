package crema.rl;

import crema.nn.Losses;
import crema.nn.Module;
import crema.optim.ClipGrad;
import crema.optim.Optimizer;
import crema.tensor.Rng;
import crema.tensor.Tensor;

/**
 * Deep Q-network (Mnih et al. 2015): Q-learning with a neural network {@code Q_θ(s, ·)} in place of
 * the table, made stable by two devices,
 *
 * <ul>
 *   <li>a {@link ReplayBuffer}: each update uses a random minibatch of past transitions, not the
 *       last one;
 *   <li>a <b>target network</b> {@code Q_θ⁻}, a copy of the online network refreshed only every
 *       {@code C} steps, so the regression target does not move with every update:
 * </ul>
 *
 * <pre>
 *   y   = r + γ · (terminated ? 0 : max_{a'} Q_θ⁻(s', a'))
 *   L(θ) = mean over the batch of Huber(Q_θ(s, a) − y)
 * </pre>
 *
 * A truncated episode (time limit) still bootstraps: only a terminal state has value 0. Actions are
 * ε-greedy, with ε falling linearly from {@code epsilonStart} to {@code epsilonEnd} over {@code
 * epsilonDecaySteps} steps. Gradients are clipped to norm 10.
 *
 * <pre>{@code
 * var online = new Sequential(new Linear(4, 64), new ReLU(), new Linear(64, 2));
 * var target = new Sequential(new Linear(4, 64), new ReLU(), new Linear(64, 2));
 * var agent = new Dqn(online, target, new Adam(online.parameters(), 1e-3),
 *                     new ReplayBuffer(20_000, 4, 0), 0.99, 64, 500, 0);
 * var env = new CartPole();
 * env.reset(0);
 * for (int i = 0; i < 200; i++) agent.runEpisode(env);
 * }</pre>
 */
public final class Dqn {
  private final Module online;
  private final Module target;
  private final Optimizer optimizer;
  private final ReplayBuffer buffer;
  private final double gamma;
  private final int batchSize;
  private final int targetUpdateEvery;
  private final Rng rng;
  private double epsilonStart = 1.0;
  private double epsilonEnd = 0.05;
  private long epsilonDecaySteps = 10_000;
  private int learningStarts = 1_000;
  private int trainEvery = 1;
  private double tau = 1.0;
  private long steps;
  private long updates;
  private double lastLoss = Double.NaN;

  /**
   * An agent; {@code target} gets {@code online}'s weights now and again every {@code
   * targetUpdateEvery} steps.
   *
   * @param online the network trained, {@code [N, d] → [N, actions]}
   * @param target a network of the same architecture
   * @param optimizer updates {@code online}'s parameters
   * @param buffer the replay memory
   * @param gamma the discount
   * @param batchSize transitions per update
   * @param targetUpdateEvery {@code C}, in environment steps
   * @param seed seeds exploration
   */
  public Dqn(
      Module online,
      Module target,
      Optimizer optimizer,
      ReplayBuffer buffer,
      double gamma,
      int batchSize,
      int targetUpdateEvery,
      long seed) {
    Returns.checkGamma(gamma);
    if (batchSize <= 0 || targetUpdateEvery <= 0) {
      throw new IllegalArgumentException(
          "Dqn: batch size and target update period must be positive, got "
              + batchSize
              + " and "
              + targetUpdateEvery);
    }
    this.online = online;
    this.target = target;
    this.optimizer = optimizer;
    this.buffer = buffer;
    this.gamma = gamma;
    this.batchSize = batchSize;
    this.targetUpdateEvery = targetUpdateEvery;
    this.rng = new Rng(seed);
    syncTarget();
  }

  /** The exploration schedule: ε from {@code start} to {@code end} over {@code decaySteps}. */
  public Dqn epsilon(double start, double end, long decaySteps) {
    if (!(start >= 0 && start <= 1 && end >= 0 && end <= 1) || decaySteps <= 0) {
      throw new IllegalArgumentException(
          "Dqn.epsilon: need 0 ≤ ε ≤ 1 and positive decay steps, got "
              + start
              + ", "
              + end
              + ", "
              + decaySteps);
    }
    this.epsilonStart = start;
    this.epsilonEnd = end;
    this.epsilonDecaySteps = decaySteps;
    return this;
  }

  /** Steps of pure collection before the first update (default 1000). */
  public Dqn learningStarts(int stepsBeforeLearning) {
    this.learningStarts = stepsBeforeLearning;
    return this;
  }

  /** One update every {@code k} environment steps (default 1). */
  public Dqn trainEvery(int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("Dqn.trainEvery: k must be positive, got " + k);
    }
    this.trainEvery = k;
    return this;
  }

  /**
   * Polyak averaging instead of periodic copies: after every update {@code θ⁻ ← τ θ + (1 − τ) θ⁻}
   * (e.g. {@code τ = 0.005}); {@code τ = 1} (the default) keeps the hard copy every {@code C}
   * steps.
   */
  public Dqn softUpdate(double newTau) {
    if (!(newTau > 0 && newTau <= 1)) {
      throw new IllegalArgumentException("Dqn.softUpdate: τ must be in (0, 1], got " + newTau);
    }
    this.tau = newTau;
    return this;
  }

  /** The current exploration rate. */
  public double epsilon() {
    double f = Math.min(1.0, (double) steps / epsilonDecaySteps);
    return epsilonStart + f * (epsilonEnd - epsilonStart);
  }

  /** An ε-greedy action. */
  public int act(float[] observation) {
    if (rng.nextFloat() < epsilon()) {
      return rng.nextInt(Observations.outputs(online, observation).length);
    }
    return greedy(observation);
  }

  /** {@code argmax_a Q_θ(s, a)}. */
  public int greedy(float[] observation) {
    return Observations.argmax(Observations.outputs(online, observation));
  }

  /** The greedy policy, for {@link Rollouts}. */
  public Policy<float[]> greedyPolicy() {
    return this::greedy;
  }

  /**
   * Records one transition, and when due trains on a minibatch and refreshes the target network.
   */
  public void observe(float[] s, int a, double r, float[] next, boolean terminated) {
    buffer.add(s, a, r, next, terminated);
    steps++;
    if (steps >= learningStarts && steps % trainEvery == 0) {
      lastLoss = trainStep();
      if (tau < 1) {
        blendTarget();
      }
    }
    if (tau == 1 && steps % targetUpdateEvery == 0) {
      syncTarget();
    }
  }

  /** Plays one episode from {@code env.reset()}, learning as it goes; returns its return. */
  public double runEpisode(Env<float[], Integer> env) {
    float[] s = env.reset().observation();
    double total = 0;
    while (true) {
      int a = act(s);
      Step<float[]> step = env.step(a);
      observe(s, a, step.reward(), step.observation(), step.terminated());
      total += step.reward();
      s = step.observation();
      if (step.done()) {
        return total;
      }
    }
  }

  /** One gradient step on a minibatch from the buffer; returns the loss. */
  public double trainStep() {
    ReplayBatch b = buffer.sample(batchSize);
    float[] nextMax = new float[b.size()];
    try (var g = Tensor.noGrad()) {
      float[] qNext = target.forward(b.nextStates()).toFloatArray();
      int actions = qNext.length / b.size();
      for (int i = 0; i < b.size(); i++) {
        float best = Float.NEGATIVE_INFINITY;
        for (int a = 0; a < actions; a++) {
          best = Math.max(best, qNext[i * actions + a]);
        }
        nextMax[i] = best;
      }
    }
    float[] y = tdTargets(b.rewards(), nextMax, b.terminated(), gamma);
    optimizer.zeroGrad();
    Tensor q = online.forward(b.states()).gather(1, Observations.column(b.actions()));
    Tensor loss = Losses.huber(q, Tensor.wrap(y, y.length, 1));
    loss.backward();
    ClipGrad.clipGradNorm(online.parameters(), 10.0);
    optimizer.step();
    updates++;
    return loss.item();
  }

  /**
   * The regression targets {@code y_i = r_i + γ (1 − terminated_i) max_{a'} Q⁻(s'_i, a')}.
   *
   * <pre>{@code
   * Dqn.tdTargets(new float[] {1, 1}, new float[] {10, 10}, new boolean[] {false, true}, 0.9);
   * // [10.0, 1.0]
   * }</pre>
   */
  public static float[] tdTargets(
      float[] rewards, float[] nextMaxQ, boolean[] terminated, double gamma) {
    if (rewards.length != nextMaxQ.length || rewards.length != terminated.length) {
      throw new IllegalArgumentException(
          "Dqn.tdTargets: "
              + rewards.length
              + " rewards, "
              + nextMaxQ.length
              + " next values and "
              + terminated.length
              + " flags do not match");
    }
    float[] y = new float[rewards.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) (rewards[i] + (terminated[i] ? 0 : gamma * nextMaxQ[i]));
    }
    return y;
  }

  /** Copies the online network's weights into the target network. */
  public void syncTarget() {
    target.loadStateDict(online.stateDictCopy());
  }

  private void blendTarget() {
    var onlineParams = online.namedParameters();
    for (var e : target.namedParameters().entrySet()) {
      float[] t = e.getValue().data();
      float[] o = onlineParams.get(e.getKey()).data();
      for (int i = 0; i < t.length; i++) {
        t[i] += (float) (tau * (o[i] - t[i]));
      }
    }
  }

  /** Environment steps observed so far. */
  public long steps() {
    return steps;
  }

  /** Gradient updates made so far. */
  public long updates() {
    return updates;
  }

  /** The loss of the last update (NaN before the first). */
  public double lastLoss() {
    return lastLoss;
  }

  /** The online network. */
  public Module online() {
    return online;
  }
}
