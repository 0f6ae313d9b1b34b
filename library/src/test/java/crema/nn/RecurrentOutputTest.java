package crema.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A recurrent layer's outputs are copied out of its fused node only when asked for
 * (RecurrentOutput). Asked for late (inside a no-grad scope, after a backward that kept the graph),
 * they must be the values and the graph that asking at once gave; asked for after backward freed
 * the graph, a clear error.
 */
class RecurrentOutputTest {
  private static final int B = 5;
  private static final int T = 7;
  private static final int I = 4;

  /** Two layers, both directions: the lower layer's outputs feed the upper one. */
  private static LSTM layer() {
    Rng.manualSeed(21);
    return new LSTM(I, 6, 2, true);
  }

  private static Tensor input() {
    return Tensor.randn(new Rng(22), B, T, I);
  }

  /** The outputs and the input-weight gradient of a loss on them, asked for at once. */
  private static float[][] atOnce(Function<RecurrentOutput, Tensor> loss) {
    LSTM lstm = layer();
    RecurrentOutput r = lstm.forwardWithState(input());
    float[] out = r.output().toFloatArray();
    loss.apply(r).backward();
    return new float[][] {out, lstm.parameters().get(0).grad().toFloatArray()};
  }

  @Test
  void outputsAskedForAfterBackwardFreedTheGraphAreRefusedByName() {
    LSTM lstm = layer();
    RecurrentOutput r = lstm.forwardWithState(input());
    r.hN().sum().backward(); // frees the graph: the layer's result goes back to the pool
    IllegalStateException e = assertThrows(IllegalStateException.class, r::output);
    assertTrue(e.getMessage().startsWith("LSTM(4→6): output() was first called after backward"));
    assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
  }

  @Test
  void outputsAskedForAfterABackwardThatKeptTheGraphAreTheValuesOfAskingAtOnce() {
    float[] expected = atOnce(r -> r.hN().sum())[0];
    LSTM lstm = layer();
    RecurrentOutput r = lstm.forwardWithState(input());
    r.hN().sum().backward(true);
    Tensor out = r.output();
    assertArrayEquals(expected, out.toFloatArray());
    assertSame(out, r.output(), "asked for twice, the same tensor");
    // Later steps take arrays from the pool again: none of them may be the outputs' values.
    for (int step = 0; step < 3; step++) {
      lstm.forwardWithState(input()).hN().sum().backward();
    }
    assertArrayEquals(expected, out.toFloatArray());
  }

  @Test
  void outputsAskedForFirstInsideNoGradStillCarryTheGraphOfTheirForward() {
    float[] expected = atOnce(r -> r.output().mul(r.output()).sum())[1];
    LSTM lstm = layer();
    RecurrentOutput r = lstm.forwardWithState(input());
    Tensor out;
    try (var off = Tensor.noGrad()) {
      out = r.output();
    }
    assertNotNull(out.gradFn(), "the forward ran with grad on: its outputs are in the graph");
    out.mul(out).sum().backward();
    assertArrayEquals(expected, lstm.parameters().get(0).grad().toFloatArray(), 1e-6f);
  }

  @Test
  void outputsOfAForwardWithoutGradStayWithoutAGraph() {
    LSTM lstm = layer();
    RecurrentOutput r;
    try (var off = Tensor.noGrad()) {
      r = lstm.forwardWithState(input());
    }
    Tensor out = r.output(); // grad is on again here
    assertNull(out.gradFn());
    assertArrayEquals(atOnce(x -> x.hN().sum())[0], out.toFloatArray());
  }
}
