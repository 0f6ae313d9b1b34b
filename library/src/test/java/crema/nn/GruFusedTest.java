package crema.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.nn.functional.GruFunction;
import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The fused GRU ({@link GruFunction}, what {@link GRU} runs) against the composed reference path
 * ({@link GRU#cell} step by step from autograd ops) on the same weights and inputs: outputs, final
 * states, and the gradients of every input, initial state and parameter, with padding masks,
 * several layers and both directions. PyTorch's own values are checked in {@link
 * SequenceLayersReferenceTest}; finite differences of the fused node itself are here.
 */
class GruFusedTest extends FusedRecurrentCheck {
  @Override
  Recurrent layer(int in, int hidden, int layers, boolean bi) {
    return new GRU(in, hidden, layers, bi);
  }

  @Override
  String name() {
    return "gru";
  }

  @Override
  int gates() {
    return 3;
  }

  @Override
  int states() {
    return 1;
  }

  @Override
  Node node() {
    return GruFunction::new;
  }

  @Test
  void badInputsAreNamed() {
    Tensor x = Tensor.zeros(2, 3, 4);
    Tensor h = Tensor.zeros(2, 5);
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new GruFunction(false, null).apply(x, h, Tensor.zeros(15, 3), Tensor.zeros(15, 5)));
    assertTrue(
        e.getMessage().contains("W_ih") && e.getMessage().contains("[15, 4]"), e.getMessage());
    var l =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new GruFunction(false, new int[] {3, 4})
                    .apply(x, h, Tensor.zeros(15, 4), Tensor.zeros(15, 5)));
    assertTrue(l.getMessage().contains("length 4"), l.getMessage());
  }
}
