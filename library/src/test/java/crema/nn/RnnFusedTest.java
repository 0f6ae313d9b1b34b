package crema.nn;

import static crema.nn.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.nn.functional.RnnFunction;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fused Elman RNN ({@link RnnFunction}, what {@link RNN} runs) against the composed reference
 * path ({@link RNN#cell} step by step from autograd ops) on the same weights and inputs: outputs,
 * final states, and the gradients of every input, initial state and parameter, with padding masks,
 * several layers and both directions. PyTorch's own values are checked in {@link
 * SequenceLayersReferenceTest}; finite differences of the fused node itself are here.
 */
class RnnFusedTest {
  private static final double TOL = 2e-5;

  /** One forward and backward of {@code m}; returns {output, hN, dx, dh0}. */
  private static Tensor[] run(RNN m, Tensor x, Tensor h0, int[] lengths, long seed) {
    m.zeroGrad();
    Tensor xi = x.detach().requiresGrad(true);
    Tensor hi = h0 == null ? null : h0.detach().requiresGrad(true);
    RecurrentOutput r = m.forward(xi, hi, null, lengths);
    Rng rng = new Rng(seed);
    Tensor loss =
        r.output()
            .mul(Tensor.randn(rng, r.output().shape()))
            .sum()
            .add(r.hN().mul(Tensor.randn(rng, r.hN().shape())).sum());
    loss.backward();
    return new Tensor[] {r.output(), r.hN(), xi.grad(), hi == null ? null : hi.grad()};
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
      boolean initialState,
      boolean relu) {
    Rng rng = new Rng(7);
    RNN fused = new RNN(in, hidden, layers, bi, relu ? "relu" : "tanh");
    RNN composed = new RNN(in, hidden, layers, bi, relu ? "relu" : "tanh");
    composed.loadStateDict(fused.stateDict());
    composed.fused = false;
    int states = layers * (bi ? 2 : 1);
    Tensor x = Tensor.randn(rng, b, t, in);
    Tensor h0 = initialState ? Tensor.randn(rng, states, b, hidden) : null;
    Tensor[] want = run(composed, x, h0, lengths, 11);
    Tensor[] got = run(fused, x, h0, lengths, 11);
    String[] names = {"output", "h_n", "dx", "dh0"};
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
    Rng rng = new Rng(3);
    int b = 3, t = 4, in = 2, h = 3;
    Tensor x = Tensor.randn(rng, b, t, in);
    Tensor h0 = Tensor.randn(rng, b, h);
    Tensor wIh = Tensor.randn(rng, h, in).mul(0.5f);
    Tensor wHh = Tensor.randn(rng, h, h).mul(0.5f);
    Tensor bIh = Tensor.randn(rng, h).mul(0.5f);
    Tensor bHh = Tensor.randn(rng, h).mul(0.5f);
    for (boolean reverse : new boolean[] {false, true}) {
      for (int[] lengths : new int[][] {null, {4, 2, 1}}) {
        GradCheck.check(
            "rnn fused reverse=" + reverse + " lengths=" + (lengths != null),
            inputs -> new RnnFunction(reverse, lengths, false).apply(inputs),
            x,
            h0,
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
