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
class LstmFusedTest {
  /** The fused layer against its composed path, see {@link FusedRecurrentCheck#compare}. */
  private static void compare(
      String what,
      int in,
      int hidden,
      int layers,
      boolean bi,
      int b,
      int t,
      int[] lengths,
      boolean initialState) {
    FusedRecurrentCheck.compare(
        what,
        new LSTM(in, hidden, layers, bi),
        new LSTM(in, hidden, layers, bi),
        b,
        t,
        lengths,
        initialState);
  }

  @Test
  void oneLayerMatchesTheComposedCell() {
    compare("l1", 3, 4, 1, false, 5, 6, null, false);
  }

  @Test
  void initialStatesGetTheirGradients() {
    compare("h0c0", 3, 4, 1, false, 5, 6, null, true);
    compare("h0c0 l2 bi", 3, 4, 2, true, 3, 5, null, true);
  }

  @Test
  void paddedSequencesMatchInBothDirectionsAndAllLayers() {
    compare("lengths", 3, 4, 1, false, 4, 6, new int[] {6, 1, 3, 5}, false);
    compare("lengths l2 bi", 3, 4, 2, true, 4, 6, new int[] {2, 6, 1, 4}, true);
  }

  @Test
  void aBatchSplitAcrossCoresMatches() {
    // Large enough that every core gets a slice of rows, with an odd batch and a ragged split.
    compare("wide", 7, 16, 1, false, 37, 9, null, true);
    int[] lengths = new int[37];
    for (int i = 0; i < lengths.length; i++) lengths[i] = 1 + (i * 5) % 9;
    compare("wide masked bi", 7, 16, 1, true, 37, 9, lengths, false);
  }

  @Test
  void finiteDifferencesThroughTheFusedNode() {
    FusedRecurrentCheck.finiteDifferences("lstm", 4, 2, LstmFunction::new);
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
