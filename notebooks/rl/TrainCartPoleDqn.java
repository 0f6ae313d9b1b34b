import crema.io.Safetensors;
import crema.nn.Linear;
import crema.nn.ReLU;
import crema.nn.Sequential;
import crema.optim.Adam;
import crema.rl.CartPole;
import crema.rl.Dqn;
import crema.rl.ReplayBuffer;
import crema.rl.Rollouts;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains the DQN that notebook 12 loads after its short live run: CartPole-v1, seed 0, until the
 * greedy policy balances the pole for the full 500 steps. Run once from the repository root,
 * after `make build`:
 *
 * <pre>
 * java -cp "library/target/crema-library-0.1.0.jar:library/target/lib/*" notebooks/rl/TrainCartPoleDqn.java
 * </pre>
 *
 * Every 10 episodes the greedy policy is evaluated on 10 episodes (seeds 10000–10009); the best
 * weights are kept (as an evaluation callback with "save best" does) and training stops once that
 * evaluation averages at least 495. It writes cartpole-dqn.safetensors (the state dict of the
 * online network) and cartpole-dqn.txt (settings, the return of every episode, the evaluations)
 * beside this file. The architecture here and in notebook 12 must stay the same.
 */
public class TrainCartPoleDqn {
  static Sequential architecture() {
    return new Sequential(
        new Linear(4, 128), new ReLU(), new Linear(128, 128), new ReLU(), new Linear(128, 2));
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "notebooks/rl");
    long seed = 0;
    Rng.manualSeed(seed);
    var online = architecture();
    var target = architecture();
    var agent =
        new Dqn(online, target, new Adam(online.parameters(), 5e-4),
                new ReplayBuffer(50_000, 4, seed), 0.99, 64, 100, seed)
            .epsilon(1.0, 0.05, 5_000)
            .learningStarts(500)
            .softUpdate(0.01);
    var env = new CartPole();
    env.reset(seed);
    List<Double> returns = new ArrayList<>();
    StringBuilder evals = new StringBuilder();
    Map<String, Tensor> best = online.stateDictCopy();
    double bestEval = Double.NEGATIVE_INFINITY;
    int bestEpisode = 0;
    long t0 = System.nanoTime();
    for (int episode = 1; episode <= 400; episode++) {
      returns.add(agent.runEpisode(env));
      if (episode % 10 == 0) {
        double eval = Rollouts.meanReturn(new CartPole(), agent.greedyPolicy(), 10, 10_000);
        String line = String.format(Locale.ROOT, "episode %d, %d steps: greedy mean return %.1f",
            episode, agent.steps(), eval);
        System.out.println(line);
        evals.append(line).append('\n');
        if (eval > bestEval) {
          bestEval = eval;
          bestEpisode = episode;
          best = online.stateDictCopy();
        }
        if (eval >= 495) {
          break;
        }
      }
    }
    online.loadStateDict(best);
    double check = Rollouts.meanReturn(new CartPole(), agent.greedyPolicy(), 100, 20_000);
    Safetensors.write(dir.resolve("cartpole-dqn.safetensors"), online.stateDict());
    StringBuilder log = new StringBuilder();
    log.append("DQN on CartPole-v1, seed 0: MLP 4-128-128-2 (ReLU), Adam 5e-4, batch 64, γ 0.99,\n")
        .append("replay 50000, learning starts 500, ε 1 → 0.05 over 5000 steps, soft target τ 0.01\n")
        .append(String.format(Locale.ROOT, "kept: the weights after episode %d (%d episodes trained), evaluation %.1f%n",
            bestEpisode, returns.size(), bestEval))
        .append(String.format(Locale.ROOT, "greedy mean return over 100 new episodes (seeds 20000-20099): %.1f%n", check))
        .append(String.format(Locale.ROOT, "training time: %.0f s%n", (System.nanoTime() - t0) / 1e9))
        .append(evals)
        .append("episode returns:");
    for (double r : returns) {
      log.append(' ').append((int) r);
    }
    Files.writeString(dir.resolve("cartpole-dqn.txt"), log.append('\n').toString());
    System.out.print(log);
  }
}
