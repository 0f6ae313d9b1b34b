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
class RnnFusedTest {
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
      boolean initialState,
      boolean relu) {
    FusedRecurrentCheck.compare(
        what,
        new RNN(in, hidden, layers, bi, relu ? "relu" : "tanh"),
        new RNN(in, hidden, layers, bi, relu ? "relu" : "tanh"),
        b,
        t,
        lengths,
        initialState);
  }

  @Test
  void oneLayerMatchesTheComposedCell() {
    compare("l1", 3, 4, 1, false, 5, 6, null, false, false);
  }

  @Test
  void initialStateGetsItsGradient() {
    compare("h0", 3, 4, 1, false, 5, 6, null, true, false);
    compare("h0 l2 bi", 3, 4, 2, true, 3, 5, null, true, false);
  }

  @Test
  void paddedSequencesMatchInBothDirectionsAndAllLayers() {
    compare("lengths", 3, 4, 1, false, 4, 6, new int[] {6, 1, 3, 5}, false, false);
    compare("lengths l2 bi", 3, 4, 2, true, 4, 6, new int[] {2, 6, 1, 4}, true, false);
  }

  @Test
  void aBatchSplitAcrossCoresMatches() {
    // Large enough that every core gets a slice of rows, with an odd batch and a ragged split.
    compare("wide", 7, 16, 1, false, 37, 9, null, true, false);
    int[] lengths = new int[37];
    for (int i = 0; i < lengths.length; i++) lengths[i] = 1 + (i * 5) % 9;
    compare("wide masked bi", 7, 16, 1, true, 37, 9, lengths, false, false);
  }

  @Test
  void reluMatchesTheComposedCell() {
    compare("relu", 3, 4, 2, true, 5, 6, new int[] {6, 2, 3, 5, 1}, true, true);
  }

  @Test
  void finiteDifferencesThroughTheFusedNode() {
    FusedRecurrentCheck.finiteDifferences(
        "rnn", 1, 1, (reverse, lengths) -> new RnnFunction(reverse, lengths, false));
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
