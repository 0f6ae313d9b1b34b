package crema.rl;

import crema.tensor.Tensor;

/**
 * A minibatch of transitions {@code (s, a, r, s', terminated)} drawn from a {@link ReplayBuffer},
 * laid out for one DQN update: states as {@code [B, d]} tensors, the rest as arrays.
 *
 * <pre>{@code
 * ReplayBatch b = buffer.sample(64);
 * Tensor q = online.forward(b.states());      // [64, actions]
 * }</pre>
 *
 * @param states {@code s}, shape {@code [B, d]}
 * @param actions {@code a}, one per row
 * @param rewards {@code r}, one per row
 * @param nextStates {@code s'}, shape {@code [B, d]}
 * @param terminated whether {@code s'} is terminal (its value is then 0)
 */
public record ReplayBatch(
    Tensor states, int[] actions, float[] rewards, Tensor nextStates, boolean[] terminated) {

  /** The number of transitions {@code B}. */
  public int size() {
    return actions.length;
  }
}
