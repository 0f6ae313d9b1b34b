package crema.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.nn.functional.LstmFunction;
import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The fused LSTM ({@link LstmFunction}, what {@link LSTM} runs) against its composed reference path
 * and through finite differences, in the scenarios of {@link FusedRecurrentCheck}; PyTorch's own
 * values are checked in {@link SequenceLayersReferenceTest}.
 */
class LstmFusedTest extends FusedRecurrentCheck {
  LstmFusedTest() {
    super("lstm", 4, 2, LstmFunction::new);
  }

  @Override
  Recurrent layer(int in, int hidden, int layers, boolean bi) {
    return new LSTM(in, hidden, layers, bi);
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
