package crema.nn;

import crema.nn.ops.RnnFunction;
import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * The Elman recurrent layer, PyTorch's {@code nn.RNN} (batch-first):
 *
 * <pre>
 * h_t = tanh(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh)      (or relu instead of tanh)
 * </pre>
 *
 * Gradients flowing back through many tanh steps shrink geometrically (the vanishing-gradient
 * problem that the {@link LSTM} was designed to fix).
 *
 * <p>Each layer-direction runs as one fused autograd node ({@link RnnFunction}); {@link #cell} is
 * the same step composed from small autograd ops, kept as the readable reference.
 *
 * <pre>{@code
 * var rnn = new RNN(3, 8);                         // input 3 features, hidden 8
 * Tensor out = rnn.forward(Tensor.randn(2, 5, 3)); // [2, 5, 8]
 * }</pre>
 */
public class RNN extends Recurrent {
  private final boolean relu;

  /** One layer, tanh. */
  public RNN(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, 1, false, "tanh");
  }

  /**
   * @param nonlinearity {@code "tanh"} or {@code "relu"}
   */
  public RNN(
      int inputSize, int hiddenSize, int numLayers, boolean bidirectional, String nonlinearity) {
    super(1, inputSize, hiddenSize, numLayers, true, bidirectional);
    if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) {
      throw new IllegalArgumentException(
          "RNN: nonlinearity must be \"tanh\" or \"relu\", got \"" + nonlinearity + "\"");
    }
    this.relu = nonlinearity.equals("relu");
  }

  @Override
  Function fusedFunction(boolean reverse, int[] lengths) {
    return new RnnFunction(reverse, lengths, relu);
  }

  @Override
  protected Tensor[] cell(Tensor xProj, Tensor h, Tensor c, Tensor wHh, Tensor bHh) {
    Tensor z = xProj.add(F.linear(h, wHh, bHh));
    return new Tensor[] {relu ? z.relu() : z.tanh(), null};
  }

  @Override
  protected String extraRepr() {
    return super.extraRepr() + (relu ? ", nonlinearity='relu'" : "");
  }
}
