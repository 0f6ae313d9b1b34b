package crema.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.nn.functional.RnnFunction;
import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The fused Elman RNN ({@link RnnFunction}, what {@link RNN} runs) against the composed reference
 * path ({@link RNN#cell} step by step from autograd ops) on the same weights and inputs: outputs,
 * final states, and the gradients of every input, initial state and parameter, with padding masks,
 * several layers and both directions. PyTorch's own values are checked in {@link
 * SequenceLayersReferenceTest}; finite differences of the fused node itself are here.
 */
class RnnFusedTest extends FusedRecurrentCheck {
  @Override
  Recurrent layer(int in, int hidden, int layers, boolean bi) {
    return new RNN(in, hidden, layers, bi, "tanh");
  }

  @Override
  String name() {
    return "rnn";
  }

  @Override
  int gates() {
    return 1;
  }

  @Override
  int states() {
    return 1;
  }

  @Override
  Node node() {
    return (reverse, lengths) -> new RnnFunction(reverse, lengths, false);
  }

  @Test
  void reluMatchesTheComposedCell() {
    compare(
        "relu",
        new RNN(3, 4, 2, true, "relu"),
        new RNN(3, 4, 2, true, "relu"),
        5,
        6,
        new int[] {6, 2, 3, 5, 1},
        true);
  }

  @Test
  void badInputsAreNamed() {
    Tensor x = Tensor.zeros(2, 3, 4);
    Tensor h = Tensor.zeros(2, 5);
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RnnFunction(false, null, false)
                    .apply(x, h, Tensor.zeros(5, 3), Tensor.zeros(5, 5)));
    assertTrue(
        e.getMessage().contains("W_ih") && e.getMessage().contains("[5, 4]"), e.getMessage());
    var l =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RnnFunction(false, new int[] {3, 4}, false)
                    .apply(x, h, Tensor.zeros(5, 4), Tensor.zeros(5, 5)));
    assertTrue(l.getMessage().contains("length 4"), l.getMessage());
  }
}
