package crema.nn;

import static crema.nn.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.tensor.Function;
import crema.tensor.GradCheck;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@link LstmFusedTest}, {@link GruFusedTest} and {@link RnnFusedTest} share: the fused layer
 * against its composed reference path (the layer's {@code cell} step by step from autograd ops) on
 * the same weights and inputs, comparing outputs, final states and every gradient, in the same
 * scenarios for each cell (one layer, initial states, padding in both directions and all layers, a
 * batch split across cores), finite differences through the fused node itself, and its errors
 * naming bad inputs. Each subclass names its layer and its node.
 */
abstract class FusedRecurrentCheck {
  private static final double TOL = 2e-5;

  /** Makes the fused node of one layer direction, as {@link Recurrent} does. */
  interface Node {
    Function make(boolean reverse, int[] lengths);
  }

  private final String name;
  private final int gates;
  private final int states;
  private final Node node;

  /**
   * @param name the cell's name in messages
   * @param gates its gate blocks (4, 3, 1)
   * @param states its states (2 with a cell state, else 1)
   * @param node its fused node
   */
  FusedRecurrentCheck(String name, int gates, int states, Node node) {
    this.name = name;
    this.gates = gates;
    this.states = states;
    this.node = node;
  }

  /** A fresh layer of the cell under test (default weights). */
  abstract Recurrent layer(int in, int hidden, int layers, boolean bi);

  @Test
  void badInputsAreNamed() {
    Tensor x = Tensor.zeros(2, 3, 4);
    Tensor h = Tensor.zeros(2, 5);
    int gh = gates * 5;
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> node.make(false, null).apply(inputs(x, h, Tensor.zeros(gh, 3))));
    assertTrue(
        e.getMessage().contains("W_ih") && e.getMessage().contains("[" + gh + ", 4]"),
        e.getMessage());
    var l =
        assertThrows(
            IllegalArgumentException.class,
            () -> node.make(false, new int[] {3, 4}).apply(inputs(x, h, Tensor.zeros(gh, 4))));
    assertTrue(l.getMessage().contains("length 4"), l.getMessage());
  }

  /** x, h as every state, the given W_ih and a zero W_hh {@code [g·5, 5]}, no biases. */
  private Tensor[] inputs(Tensor x, Tensor h, Tensor wIh) {
    Tensor[] in = new Tensor[states + 3];
    in[0] = x;
    for (int i = 0; i < states; i++) in[1 + i] = h;
    in[states + 1] = wIh;
    in[states + 2] = Tensor.zeros(gates * 5, 5);
    return in;
  }

  /** {@link #compare(String, Recurrent, Recurrent, int, int, int[], boolean)} on two new layers. */
  private void compare(
      String what,
      int in,
      int hidden,
      int layers,
      boolean bi,
      int b,
      int t,
      int[] lengths,
      boolean initialState) {
    compare(
        what,
        layer(in, hidden, layers, bi),
        layer(in, hidden, layers, bi),
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
    compare("initial", 3, 4, 1, false, 5, 6, null, true);
    compare("initial l2 bi", 3, 4, 2, true, 3, 5, null, true);
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
  void workspacesTakenUnzeroedFromThePoolAreWrittenBeforeTheyAreRead() {
    // The node takes its saved activations and workspaces from the pool without zeroing them
    // where every element is written first. Arrays full of NaN in the pool, at every size the
    // node asks for, would show any element read before it is written.
    int b = 37;
    int t = 9;
    int in = 7;
    int h = 16;
    int[] sizes = {
      b * t * gates * h, b * t * h, b * (t + states) * h, b * t * in, gates * h * h, gates * h * in
    };
    for (int round = 0; round < 4; round++) {
      for (int n : sizes) {
        float[] poison = new float[n];
        java.util.Arrays.fill(poison, Float.NaN);
        crema.backend.ArrayPool.give(poison);
      }
    }
    compare("unzeroed", in, h, 1, false, b, t, null, true);
    compare("unzeroed bi", in, h, 1, true, b, t, null, false);
    int[] lengths = new int[b];
    for (int i = 0; i < b; i++) lengths[i] = 1 + (i * 4) % t;
    compare("unzeroed masked", in, h, 1, true, b, t, lengths, true);
  }

  @Test
  void finiteDifferencesThroughTheFusedNode() {
    finiteDifferences(name, gates, states, node);
  }

  /**
   * One forward and backward of {@code m} with a random linear loss on every output; returns
   * {output, hN, cN, dx, dh0, dc0}, with nulls where there is no cell state or no initial state.
   */
  private static Tensor[] run(
      Recurrent m, Tensor x, Tensor h0, Tensor c0, int[] lengths, long seed) {
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
            .add(r.hN().mul(Tensor.randn(rng, r.hN().shape())).sum());
    if (r.cN() != null) loss = loss.add(r.cN().mul(Tensor.randn(rng, r.cN().shape())).sum());
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

  /**
   * Runs {@code fused} and {@code composed} (a second layer of the same kind and sizes, switched to
   * its composed path here) on the weights of {@code fused} and a random batch {@code [b, t, I]},
   * and compares outputs, final states, and the gradients of the input, the initial states (when
   * {@code initialState}) and every parameter.
   */
  static void compare(
      String what,
      Recurrent fused,
      Recurrent composed,
      int b,
      int t,
      int[] lengths,
      boolean initialState) {
    Rng rng = new Rng(7);
    composed.loadStateDict(fused.stateDict());
    composed.fused = false;
    int states = fused.numLayers * fused.directions();
    int hidden = fused.hiddenSize;
    Tensor x = Tensor.randn(rng, b, t, fused.inputSize);
    Tensor h0 = initialState ? Tensor.randn(rng, states, b, hidden) : null;
    Tensor c0 = initialState && fused.hasCellState() ? Tensor.randn(rng, states, b, hidden) : null;
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

  /**
   * Finite differences through the fused node of a cell with {@code gates} gate blocks and {@code
   * states} states (2 with a cell state), both directions, with and without padding: x, the states,
   * W_ih, W_hh, b_ih, b_hh all get their gradients checked.
   */
  static void finiteDifferences(String name, int gates, int states, Node node) {
    Rng rng = new Rng(3);
    int b = 3, t = 4, in = 2, h = 3;
    Tensor[] inputs = new Tensor[states + 5];
    inputs[0] = Tensor.randn(rng, b, t, in);
    for (int i = 0; i < states; i++) inputs[1 + i] = Tensor.randn(rng, b, h);
    inputs[states + 1] = Tensor.randn(rng, gates * h, in).mul(0.5f);
    inputs[states + 2] = Tensor.randn(rng, gates * h, h).mul(0.5f);
    inputs[states + 3] = Tensor.randn(rng, gates * h).mul(0.5f);
    inputs[states + 4] = Tensor.randn(rng, gates * h).mul(0.5f);
    for (boolean reverse : new boolean[] {false, true}) {
      for (int[] lengths : new int[][] {null, {4, 2, 1}}) {
        GradCheck.check(
            name + " fused reverse=" + reverse + " lengths=" + (lengths != null),
            in2 -> node.make(reverse, lengths).apply(in2),
            inputs);
      }
    }
  }
}
