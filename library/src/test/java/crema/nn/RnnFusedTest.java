package crema.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.nn.functional.RnnFunction;
import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The fused Elman RNN ({@link RnnFunction}, what {@link RNN} runs) against its composed reference
 * path and through finite differences, in the scenarios of {@link FusedRecurrentCheck}; PyTorch's
 * own values are checked in {@link SequenceLayersReferenceTest}.
 */
class RnnFusedTest extends FusedRecurrentCheck {
  RnnFusedTest() {
    super("rnn", 1, 1, (reverse, lengths) -> new RnnFunction(reverse, lengths, false));
  }

  @Override
  Recurrent layer(int in, int hidden, int layers, boolean bi) {
    return new RNN(in, hidden, layers, bi, "tanh");
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
