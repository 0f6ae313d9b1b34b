package crema.rl;

import crema.nn.Losses;
import crema.nn.Module;
import crema.optim.Optimizer;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * REINFORCE with a learned baseline (Williams 1992): a policy network {@code π_θ(a | s)} (logits →
 * softmax) is pushed towards actions that turned out better than expected. From whole episodes,
 * with discounted returns {@code G_t} ({@link Returns#discounted}) and a value network {@code
 * b_φ(s) ≈ E[G_t | s_t = s]},
 *
 * <pre>
 *   A_t      = G_t − b_φ(s_t)                                  (the advantage)
 *   L_π(θ)   = −(1/T) Σ_t A_t · log π_θ(a_t | s_t)             (policy gradient: ∇L_π = −E[A ∇log π])
 *   L_b(φ)   = (1/T) Σ_t (G_t − b_φ(s_t))²                     (the baseline regresses the return)
 * </pre>
 *
 * Subtracting the baseline leaves the gradient's expectation unchanged ({@code E[b(s) ∇log π] = 0})
 * but shrinks its variance, which is what makes plain REINFORCE learn CartPole at all. The
 * advantages of a batch are also standardised ({@code (A − mean) / std}), as most implementations
 * do, so the step size does not depend on the scale of the returns.
 *
 * <pre>{@code
 * var policy = new Sequential(new Linear(4, 64), new Tanh(), new Linear(64, 2));
 * var value = new Sequential(new Linear(4, 64), new Tanh(), new Linear(64, 1));
 * var agent = new Reinforce(policy, value, new Adam(policy.parameters(), 1e-2),
 *                           new Adam(value.parameters(), 1e-2), 0.99, 0);
 * var env = new CartPole();
 * env.reset(0);
 * for (int i = 0; i < 100; i++) agent.update(List.of(agent.collect(env), agent.collect(env)));
 * }</pre>
 */
public final class Reinforce {
  private final Module policy;
  private final Module baseline;
  private final Optimizer policyOptimizer;
  private final Optimizer baselineOptimizer;
  private final double gamma;
  private final Rng rng;
  private double lastBaselineLoss = Double.NaN;

  /**
   * An agent around the given networks.
   *
   * @param policy maps {@code [N, d]} observations to {@code [N, actions]} logits
   * @param baseline maps {@code [N, d]} observations to {@code [N, 1]} values
   * @param policyOptimizer updates {@code policy}'s parameters
   * @param baselineOptimizer updates {@code baseline}'s parameters
   * @param gamma the discount
   * @param seed seeds the sampling of actions
   */
  public Reinforce(
      Module policy,
      Module baseline,
      Optimizer policyOptimizer,
      Optimizer baselineOptimizer,
      double gamma,
      long seed) {
    Returns.checkGamma(gamma);
    this.policy = policy;
    this.baseline = baseline;
    this.policyOptimizer = policyOptimizer;
    this.baselineOptimizer = baselineOptimizer;
    this.gamma = gamma;
    this.rng = new Rng(seed);
  }

  /** An action sampled from {@code π(· | s)}: how the agent explores. */
  public int act(float[] observation) {
    float[] logits = Observations.outputs(policy, observation);
    double max = logits[Observations.argmax(logits)];
    double sum = 0;
    for (float l : logits) {
      sum += Math.exp(l - max);
    }
    double u = rng.nextFloat() * sum;
    for (int a = 0; a < logits.length; a++) {
      u -= Math.exp(logits[a] - max);
      if (u < 0) {
        return a;
      }
    }
    return logits.length - 1;
  }

  /** The most probable action {@code argmax_a π(a | s)}: how the trained agent is judged. */
  public int greedy(float[] observation) {
    return Observations.argmax(Observations.outputs(policy, observation));
  }

  /** The greedy policy, for {@link Rollouts}. */
  public Policy<float[]> greedyPolicy() {
    return this::greedy;
  }

  /** Plays one episode from {@code env.reset()}, sampling actions from the policy. */
  public Episode<float[]> collect(Env<float[], Integer> env) {
    return Rollouts.play(env, this::act);
  }

  /**
   * One gradient step of the policy and one of the baseline from the given episodes; returns the
   * policy loss {@code L_π}.
   */
  public double update(List<Episode<float[]>> episodes) {
    if (episodes.isEmpty()) {
      throw new IllegalArgumentException("Reinforce.update: no episodes");
    }
    List<float[]> observations = new ArrayList<>();
    List<Integer> actions = new ArrayList<>();
    List<Double> returns = new ArrayList<>();
    for (Episode<float[]> ep : episodes) {
      observations.addAll(ep.observations());
      for (int a : ep.actions()) {
        actions.add(a);
      }
      for (double g : Returns.discounted(ep.rewards(), gamma)) {
        returns.add(g);
      }
    }
    Tensor x = Observations.batch(observations);
    double[] g = returns.stream().mapToDouble(Double::doubleValue).toArray();
    Tensor target = Tensor.of(g, g.length, 1);

    baselineOptimizer.zeroGrad();
    Tensor values = baseline.forward(x);
    Tensor baselineLoss = Losses.mse(values, target);
    baselineLoss.backward();
    baselineOptimizer.step();
    lastBaselineLoss = baselineLoss.item();

    float[] b = values.detach().toFloatArray();
    double[] advantages = new double[g.length];
    for (int t = 0; t < g.length; t++) {
      advantages[t] = g[t] - b[t];
    }
    advantages = Returns.standardized(advantages);

    policyOptimizer.zeroGrad();
    Tensor loss =
        policyLoss(
            policy.forward(x),
            actions.stream().mapToInt(Integer::intValue).toArray(),
            Tensor.of(advantages, advantages.length));
    loss.backward();
    policyOptimizer.step();
    return loss.item();
  }

  /** The baseline's loss {@code L_b} at the last update (NaN before the first). */
  public double lastBaselineLoss() {
    return lastBaselineLoss;
  }

  /**
   * {@code L_π = −(1/T) Σ_t A_t log softmax(logits_t)[a_t]}. Its gradient with respect to the
   * logits is {@code (A_t / T) (softmax(logits_t) − onehot(a_t))}: the chosen action's probability
   * rises when {@code A_t > 0}.
   *
   * @param logits {@code [T, actions]}
   * @param actions {@code a_t}
   * @param advantages {@code [T]}, treated as constants
   */
  public static Tensor policyLoss(Tensor logits, int[] actions, Tensor advantages) {
    if (logits.dim() != 2
        || logits.size(0) != actions.length
        || advantages.numel() != actions.length) {
      throw new IllegalArgumentException(
          "Reinforce.policyLoss: logits "
              + java.util.Arrays.toString(logits.shape())
              + ", "
              + actions.length
              + " actions and "
              + advantages.numel()
              + " advantages do not match");
    }
    Tensor logp = logits.logSoftmax(1).gather(1, Observations.column(actions)).reshape(-1);
    return logp.mul(advantages.detach().reshape(-1)).mean().neg();
  }
}
