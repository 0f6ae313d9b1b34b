package crema.nn;

import crema.tensor.Tensor;
import java.util.function.Supplier;

/**
 * What a recurrent layer returns: the outputs of every time step and the final state.
 *
 * <ul>
 *   <li>{@link #output()} {@code [B, T, D·H]}: the last layer's hidden state at every step (D = 2
 *       when bidirectional, the two directions concatenated); zero at padded steps
 *   <li>{@link #hN()} {@code [L·D, B, H]}: every layer's and direction's final hidden state (at
 *       each sequence's last valid step when lengths are given)
 *   <li>{@link #cN()} {@code [L·D, B, H]}: the LSTM's final cell state; {@code null} for RNN and
 *       GRU
 * </ul>
 *
 * <p>The outputs are copied out of the layer's result when first asked for, not before. Why: a
 * classifier over a sequence often reads only the final state ({@code hN}), and the outputs of
 * every step ({@code [B, T, H]}) were then copied into a fresh array each step for nothing: the
 * bench's LSTM trained 11 % faster without (docs/memory.md). The catch, as with the intermediates
 * of a {@link Sequential}: the layer's result goes back to the pool when {@code backward} frees the
 * graph, so ask for the outputs before that (or call {@code backward} with {@code retainGraph =
 * true}); asked for later, {@link #output()} says so. Asked for in time, in any grad mode, they are
 * the values and the graph that asking at once gave. Without a graph ({@code noGrad}) nothing is
 * released, and they can be asked for at any time.
 *
 * <pre>{@code
 * RecurrentOutput r = lstm.forwardWithState(x);
 * Tensor everyStep = r.output();                  // before backward, if at all
 * Tensor loss = ce.forward(head.forward(r.hN().reshape(b, hidden)), y);
 * loss.backward();
 * }</pre>
 */
public final class RecurrentOutput {
  private Supplier<Tensor> pending;
  private Tensor output;
  private final Tensor hN;
  private final Tensor cN;

  /** Outputs computed already. */
  public RecurrentOutput(Tensor output, Tensor hN, Tensor cN) {
    this.output = output;
    this.hN = hN;
    this.cN = cN;
  }

  /** Outputs that {@code output} computes on the first call of {@link #output()}. */
  RecurrentOutput(Supplier<Tensor> output, Tensor hN, Tensor cN) {
    this.pending = output;
    this.hN = hN;
    this.cN = cN;
  }

  /**
   * {@code [B, T, D·H]}: the last layer's hidden state at every step.
   *
   * @throws IllegalStateException when first called after {@code backward} freed the graph that
   *     produced them
   */
  public synchronized Tensor output() {
    if (pending != null) {
      output = pending.get();
      pending = null;
    }
    return output;
  }

  /** {@code [L·D, B, H]}: the final hidden state of every layer and direction. */
  public Tensor hN() {
    return hN;
  }

  /** {@code [L·D, B, H]}: the LSTM's final cell state, or null. */
  public Tensor cN() {
    return cN;
  }

  @Override
  public synchronized String toString() {
    return "RecurrentOutput[output="
        + (pending != null ? "(not computed yet)" : output)
        + ", hN="
        + hN
        + ", cN="
        + cN
        + "]";
  }
}
