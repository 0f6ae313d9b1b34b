package crema.rl;

/**
 * One possible outcome of an action in a known model, Gymnasium's {@code (prob, next_state, reward,
 * terminated)} in {@code env.P[s][a]}. The outcomes of one {@code (s, a)} have probabilities that
 * sum to 1; they are what the Bellman equation averages over:
 *
 * <pre>
 *   Q(s, a) = Σ_{outcomes} p · (r + γ · (terminated ? 0 : V(s')))
 * </pre>
 *
 * <pre>{@code
 * for (Transition t : grid.transitions(s, a)) q += t.probability() * (t.reward() + ...);
 * }</pre>
 *
 * @param probability the probability of this outcome
 * @param next the next state
 * @param reward the reward received
 * @param terminated whether {@code next} ends the episode
 */
public record Transition(double probability, int next, double reward, boolean terminated) {}
