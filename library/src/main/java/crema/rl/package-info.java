/**
 * Reinforcement learning: environments in the manner of Gymnasium, and the classic agents that
 * learn in them.
 *
 * <p>An agent acts in an {@link crema.rl.Env environment}: {@code reset(seed)} gives the first
 * observation, {@code step(action)} the next observation, a reward and whether the episode ended
 * ({@code terminated}: the task itself ended; {@code truncated}: a time limit cut it short). The
 * agent maximises the expected discounted return {@code G_t = r_{t+1} + γ r_{t+2} + γ² r_{t+3} +
 * …}.
 *
 * <ul>
 *   <li>spaces: {@link crema.rl.Discrete}, {@link crema.rl.BoxSpace};
 *   <li>environments: {@link crema.rl.GridWorld} (FrozenLake, CliffWalking), {@link
 *       crema.rl.CartPole} (Barto, Sutton &amp; Anderson 1983, Gymnasium's CartPole-v1);
 *   <li>planning with a known model: {@link crema.rl.ValueIteration};
 *   <li>learning from experience: {@link crema.rl.QLearning} (tabular), {@link crema.rl.Reinforce}
 *       (policy gradient with a learned baseline), {@link crema.rl.Dqn} (deep Q-network with a
 *       {@link crema.rl.ReplayBuffer} and a target network);
 *   <li>pictures: {@link crema.rl.Animation} (an episode that plays in place, saved as an animated
 *       GIF).
 * </ul>
 */
package crema.rl;
