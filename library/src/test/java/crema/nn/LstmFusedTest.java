package crema.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.nn.functional.LstmFunction;
import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The fused LSTM ({@link LstmFunction}, what {@link LSTM} runs) against the composed reference path
 * ({@link LSTM#cell} step by step from autograd ops) on the same weights and inputs: outputs, final
 * states, and the gradients of every input, initial state and parameter, with padding masks,
 * several layers and both directions. PyTorch's own values are checked in {@link
 * SequenceLayersReferenceTest}; finite differences of the fused node itself are here.
 */
class LstmFusedTest extends FusedRecurrentCheck {
  @Override
  Recurrent layer(int in, int hidden, int layers, boolean bi) {
    return new LSTM(in, hidden, layers, bi);
  }

  @Override
  String name() {
    return "lstm";
  }

  @Override
  int gates() {
    return 4;
  }

  @Override
  int states() {
    return 2;
  }

  @Override
  Node node() {
    return LstmFunction::new;
  }

  @Test
  void badInputsAreNamed() {
    Tensor x = Tensor.zeros(2, 3, 4);
    Tensor h = Tensor.zeros(2, 5);
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new LstmFunction(false, null)
                    .apply(x, h, h, Tensor.zeros(20, 3), Tensor.zeros(20, 5)));
    assertTrue(
        e.getMessage().contains("W_ih") && e.getMessage().contains("[20, 4]"), e.getMessage());
    var l =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new LstmFunction(false, new int[] {3, 4})
                    .apply(x, h, h, Tensor.zeros(20, 4), Tensor.zeros(20, 5)));
    assertTrue(l.getMessage().contains("length 4"), l.getMessage());
  }
}
