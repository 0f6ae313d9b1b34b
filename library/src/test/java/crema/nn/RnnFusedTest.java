package crema.nn;

import crema.nn.ops.RnnFunction;
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
}
