package crema.rl;

/**
 * Planning with a known model: repeat the Bellman optimality backup
 *
 * <pre>
 *   Q(s, a) ← Σ_{(p, s', r, done)} p · (r + γ · (done ? 0 : max_{a'} Q(s', a')))
 * </pre>
 *
 * over all states and actions until no value moves by more than {@code tolerance}. For {@code γ <
 * 1} the backup is a contraction, so the result is the optimal {@code Q*} and {@code argmax_a Q*(s,
 * a)} an optimal policy. It needs the model ({@link GridWorld#transitions}), which an agent
 * learning from experience ({@link QLearning}) does not have: here it is the independent oracle the
 * learner is checked against.
 *
 * <pre>{@code
 * double[][] qStar = ValueIteration.solve(GridWorld.cliffWalking(), 0.99, 1e-10);
 * int[] policy = ValueIteration.greedy(qStar);
 * }</pre>
 */
public final class ValueIteration {
  private ValueIteration() {}

  /** {@code Q*} of {@code world} for discount {@code gamma}, to within {@code tolerance}. */
  public static double[][] solve(GridWorld world, double gamma, double tolerance) {
    Returns.checkGamma(gamma);
    int n = world.numStates();
    int m = world.numActions();
    double[][] q = new double[n][m];
    double[] v = new double[n];
    for (int sweep = 0; sweep < 100_000; sweep++) {
      double delta = 0;
      for (int s = 0; s < n; s++) {
        for (int a = 0; a < m; a++) {
          double sum = 0;
          for (Transition t : world.transitions(s, a)) {
            sum += t.probability() * (t.reward() + (t.terminated() ? 0 : gamma * v[t.next()]));
          }
          delta = Math.max(delta, Math.abs(sum - q[s][a]));
          q[s][a] = sum;
        }
      }
      for (int s = 0; s < n; s++) {
        v[s] = max(q[s]);
      }
      if (delta < tolerance) {
        return q;
      }
    }
    throw new IllegalStateException(
        "ValueIteration: no convergence after 100000 sweeps (γ = " + gamma + " too close to 1?)");
  }

  /** {@code V(s) = max_a Q(s, a)} for every state. */
  public static double[] values(double[][] q) {
    double[] v = new double[q.length];
    for (int s = 0; s < q.length; s++) {
      v[s] = max(q[s]);
    }
    return v;
  }

  /** {@code argmax_a Q(s, a)} for every state (the lowest action on ties). */
  public static int[] greedy(double[][] q) {
    int[] p = new int[q.length];
    for (int s = 0; s < q.length; s++) {
      p[s] = argmax(q[s]);
    }
    return p;
  }

  /**
   * Whether action {@code a} is optimal in a state whose action values are {@code row}: within
   * {@code tolerance} of the best (several actions can be equally good).
   */
  public static boolean isOptimal(double[] row, int a, double tolerance) {
    return row[a] >= max(row) - tolerance;
  }

  static double max(double[] row) {
    double best = Double.NEGATIVE_INFINITY;
    for (double x : row) {
      best = Math.max(best, x);
    }
    return best;
  }

  static int argmax(double[] row) {
    int best = 0;
    for (int a = 1; a < row.length; a++) {
      if (row[a] > row[best]) {
        best = a;
      }
    }
    return best;
  }
}
