package crema.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.nn.functional.GruFunction;
import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The fused GRU ({@link GruFunction}, what {@link GRU} runs) against its composed reference path
 * and through finite differences, in the scenarios of {@link FusedRecurrentCheck}; PyTorch's own
 * values are checked in {@link SequenceLayersReferenceTest}.
 */
class GruFusedTest extends FusedRecurrentCheck {
  GruFusedTest() {
    super("gru", 3, 1, GruFunction::new);
  }

  @Override
  Recurrent layer(int in, int hidden, int layers, boolean bi) {
    return new GRU(in, hidden, layers, bi);
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
