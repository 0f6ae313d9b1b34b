package crema.nn;

import static crema.nn.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.nn.functional.LstmFunction;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fused LSTM ({@link LstmFunction}, what {@link LSTM} runs) against the composed reference path
 * ({@link LSTM#cell} step by step from autograd ops) on the same weights and inputs: outputs, final
 * states, and the gradients of every input, initial state and parameter, with padding masks,
 * several layers and both directions. PyTorch's own values are checked in {@link
 * SequenceLayersReferenceTest}; finite differences of the fused node itself are here.
 */
class LstmFusedTest {
  private static final double TOL = 2e-5;

  /** One forward and backward of {@code m}; returns {output, hN, cN, dx, dh0, dc0}. */
  private static Tensor[] run(LSTM m, Tensor x, Tensor h0, Tensor c0, int[] lengths, long seed) {
    m.zeroGrad();
    Tensor xi = x.detach().requiresGrad(true);
    Tensor hi = h0 == null ? null : h0.detach().requiresGrad(true);
    Tensor ci = c0 == null ? null : c0.detach().requiresGrad(true);
    RecurrentOutput r = m.forward(xi, hi, ci, lengths);
    Rng rng = new Rng(seed);
    Tensor loss =
        r.output()
            .mul(Tensor.randn(rng, r.output().shape()))
            .sum()
            .add(r.hN().mul(Tensor.randn(rng, r.hN().shape())).sum())
            .add(r.cN().mul(Tensor.randn(rng, r.cN().shape())).sum());
    loss.backward();
    return new Tensor[] {
      r.output(),
      r.hN(),
      r.cN(),
      xi.grad(),
      hi == null ? null : hi.grad(),
      ci == null ? null : ci.grad()
    };
  }

  /** Runs the fused and the composed path on the same weights and compares everything. */
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
    Rng rng = new Rng(7);
    LSTM fused = new LSTM(in, hidden, layers, bi);
    LSTM composed = new LSTM(in, hidden, layers, bi);
    composed.loadStateDict(fused.stateDict());
    composed.fused = false;
    int states = layers * (bi ? 2 : 1);
    Tensor x = Tensor.randn(rng, b, t, in);
    Tensor h0 = initialState ? Tensor.randn(rng, states, b, hidden) : null;
    Tensor c0 = initialState ? Tensor.randn(rng, states, b, hidden) : null;
    Tensor[] want = run(composed, x, h0, c0, lengths, 11);
    Tensor[] got = run(fused, x, h0, c0, lengths, 11);
    String[] names = {"output", "h_n", "c_n", "dx", "dh0", "dc0"};
    for (int i = 0; i < names.length; i++) {
      if (want[i] != null) assertClose(want[i], got[i], TOL, 1e-4, what + " " + names[i]);
    }
    Map<String, Parameter> wp = composed.namedParameters();
    for (var e : fused.namedParameters().entrySet()) {
      assertClose(
          wp.get(e.getKey()).grad(), e.getValue().grad(), TOL, 1e-4, what + " d/d" + e.getKey());
    }
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
    Rng rng = new Rng(3);
    int b = 3, t = 4, in = 2, h = 3;
    Tensor x = Tensor.randn(rng, b, t, in);
    Tensor h0 = Tensor.randn(rng, b, h);
    Tensor c0 = Tensor.randn(rng, b, h);
    Tensor wIh = Tensor.randn(rng, 4 * h, in).mul(0.5f);
    Tensor wHh = Tensor.randn(rng, 4 * h, h).mul(0.5f);
    Tensor bIh = Tensor.randn(rng, 4 * h).mul(0.5f);
    Tensor bHh = Tensor.randn(rng, 4 * h).mul(0.5f);
    for (boolean reverse : new boolean[] {false, true}) {
      for (int[] lengths : new int[][] {null, {4, 2, 1}}) {
        GradCheck.check(
            "lstm fused reverse=" + reverse + " lengths=" + (lengths != null),
            inputs -> new LstmFunction(reverse, lengths).apply(inputs),
            x,
            h0,
            c0,
            wIh,
            wHh,
            bIh,
            bHh);
      }
    }
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
