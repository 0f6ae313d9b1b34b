package crema.nn;

import static crema.nn.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.backend.Blas;
import crema.tensor.GradCheck;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fused attention and layer-norm nodes against the same formulas composed from small autograd
 * ops (the way the layers were written before), on random inputs with and without masks: outputs,
 * attention weights, and the gradients of {@code Σ output·w₁ + Σ weights·w₂} for inputs and
 * parameters. Then finite differences on the fused nodes alone.
 */
class FusedAttentionTest {
  private static final double ATOL = 1e-5;
  private static final double RTOL = 1e-4;

  @BeforeEach
  void seed() {
    Rng.manualSeed(7);
  }

  // ---------------------------------------------------------------- composed references

  private static AttentionOutput composedAttention(Tensor q, Tensor k, Tensor v, Tensor mask) {
    Tensor scores = q.matmul(k.transpose(-2, -1)).div((float) Math.sqrt(q.size(-1)));
    if (mask != null) scores = scores.add(mask);
    Tensor weights = scores.softmax(-1);
    return new AttentionOutput(weights.matmul(v), weights);
  }

  /**
   * MultiheadAttention op by op: three projections, reshape + permute per head, merge, out_proj.
   */
  private static AttentionOutput composedMha(
      MultiheadAttention m,
      Tensor query,
      Tensor key,
      Tensor value,
      boolean[][] pad,
      boolean causal,
      boolean avg) {
    int b = query.size(0), l = query.size(1), s = key.size(1), e = m.embedDim, h = m.numHeads;
    Tensor[] qkv = new Tensor[3];
    Tensor[] src = {query, key, value};
    for (int i = 0; i < 3; i++) {
      Tensor p =
          F.linear(
              src[i],
              m.inProjWeight.slice(0, i * e, (i + 1) * e),
              m.inProjBias.slice(0, i * e, (i + 1) * e));
      int t = i == 0 ? l : s;
      qkv[i] = p.reshape(b, t, h, e / h).permute(0, 2, 1, 3);
    }
    AttentionOutput a =
        composedAttention(qkv[0], qkv[1], qkv[2], Attention.mask(b, l, s, pad, causal));
    Tensor merged = a.output().permute(0, 2, 1, 3).reshape(b, l, e);
    Tensor w = avg ? a.weights().mean(1, false) : a.weights();
    return new AttentionOutput(m.outProj.forward(merged), w);
  }

  private static Tensor composedLayerNorm(Tensor x, int k, Tensor gamma, Tensor beta, float eps) {
    int[] dims = new int[k];
    for (int i = 0; i < k; i++) dims[i] = x.dim() - k + i;
    Tensor centred = x.sub(x.mean(dims, true));
    Tensor var = centred.mul(centred).mean(dims, true);
    Tensor y = centred.div(var.add(eps).sqrt());
    return gamma == null ? y : y.mul(gamma).add(beta);
  }

  // ---------------------------------------------------------------- comparison harness

  /**
   * Runs {@code run} twice (fused, then composed), each time backpropagating {@code Σ out_i·w_i}
   * with the same random {@code w_i}, and compares the outputs and the gradients of {@code leaves}.
   */
  private static void compare(
      String what,
      Supplier<Tensor[]> fused,
      Supplier<Tensor[]> composed,
      List<? extends Tensor> leaves) {
    Map<String, Tensor> a = runAndCollect(fused, leaves);
    Map<String, Tensor> b = runAndCollect(composed, leaves);
    for (String key : b.keySet()) {
      assertClose(b.get(key), a.get(key), ATOL, RTOL, what + " " + key);
    }
  }

  private static Map<String, Tensor> runAndCollect(
      Supplier<Tensor[]> run, List<? extends Tensor> leaves) {
    for (Tensor t : leaves) t.zeroGrad();
    Tensor[] outs = run.get();
    Rng rng = new Rng(3);
    Tensor loss = null;
    Map<String, Tensor> got = new LinkedHashMap<>();
    for (int i = 0; i < outs.length; i++) {
      Tensor term = outs[i].mul(Tensor.rand(rng, outs[i].shape()).sub(0.5f)).sum();
      loss = loss == null ? term : loss.add(term);
      got.put("output " + i, outs[i].detach());
    }
    loss.backward();
    for (int i = 0; i < leaves.size(); i++) {
      Tensor g = leaves.get(i).grad(); // null for a leaf the run did not use
      got.put("d/d leaf " + i, g == null ? Tensor.zeros(leaves.get(i).shape()) : g.copy());
    }
    return got;
  }

  private static Tensor leaf(int... shape) {
    return Tensor.randn(shape).requiresGrad(true);
  }

  // ---------------------------------------------------------------- fused vs composed

  @Test
  void scaledDotProductMatchesTheComposedFormulaWithAndWithoutMask() {
    Tensor q = leaf(2, 3, 5, 4), k = leaf(2, 3, 6, 4), v = leaf(2, 3, 6, 7);
    boolean[][] pad = {
      {false, false, false, false, true, true}, {false, false, false, false, false, false}
    };
    Tensor[] masks = {
      null, Attention.mask(2, 5, 6, pad, false), Attention.mask(2, 5, 6, null, true)
    };
    for (Tensor mask : masks) {
      compare(
          "sdpa mask=" + (mask != null),
          () -> outputs(Attention.scaledDotProduct(q, k, v, mask)),
          () -> outputs(composedAttention(q, k, v, mask)),
          List.of(q, k, v));
    }
    // Three dimensions (no heads), and a [L, S] mask broadcast over the batch.
    Tensor q3 = leaf(2, 4, 3), kv3 = leaf(2, 4, 3);
    Tensor causal = Attention.mask(1, 4, 4, null, true).reshape(4, 4);
    compare(
        "sdpa 3-d, same tensor as K and V",
        () -> outputs(Attention.scaledDotProduct(q3, kv3, kv3, causal)),
        () -> outputs(composedAttention(q3, kv3, kv3, causal)),
        List.of(q3, kv3));
  }

  @Test
  void multiheadSelfAttentionMatchesTheComposedLayer() {
    var m = new MultiheadAttention(12, 3);
    Tensor x = leaf(2, 5, 12);
    boolean[][] pad = {{false, false, false, true, true}, {false, false, false, false, false}};
    List<Tensor> leaves = new ArrayList<>(m.parameters());
    leaves.add(x);
    for (boolean causal : new boolean[] {false, true}) {
      for (boolean[][] p : new boolean[][][] {null, pad}) {
        for (boolean avg : new boolean[] {false, true}) {
          compare(
              "self causal=" + causal + " pad=" + (p != null) + " avg=" + avg,
              () -> outputs(m.forward(x, x, x, p, causal, avg)),
              () -> outputs(composedMha(m, x, x, x, p, causal, avg)),
              leaves);
        }
      }
    }
  }

  /**
   * At the bench's sizes (28 tokens, heads of 16) the GEMMs are large enough to go to the native
   * BLAS, whose JNI layer checks bounds by whole rows: the last head of the last sample must still
   * work there, and both back ends must agree with the composed layer.
   */
  @Test
  void benchSizedSelfAttentionMatchesOnBothGemmBackEnds() {
    var m = new MultiheadAttention(64, 4);
    Tensor x = leaf(5, 28, 64); // 140 tokens: two blocks of rows for the projections
    boolean[][] pad = new boolean[5][28];
    pad[2][27] = true;
    List<Tensor> leaves = new ArrayList<>(m.parameters());
    leaves.add(x);
    Blas.Backend before = Blas.backend();
    try {
      for (Blas.Backend b : Blas.Backend.values()) {
        if (b == Blas.Backend.NATIVE && !Blas.nativeAvailable()) continue;
        Blas.setBackend(b);
        compare(
            "self-attention 64/4 on " + b,
            () -> outputs(m.forward(x, x, x, pad, true, false)),
            () -> outputs(composedMha(m, x, x, x, pad, true, false)),
            leaves);
      }
    } finally {
      Blas.setBackend(before);
    }
  }

  @Test
  void multiheadCrossAttentionMatchesTheComposedLayer() {
    var m = new MultiheadAttention(8, 2);
    Tensor q = leaf(3, 4, 8), kv = leaf(3, 6, 8), v = leaf(3, 6, 8);
    boolean[][] pad = {
      {false, false, false, false, false, true},
      {false, true, false, false, false, false},
      new boolean[6]
    };
    List<Tensor> leaves = new ArrayList<>(m.parameters());
    leaves.addAll(List.of(q, kv, v));
    compare(
        "cross, key = value",
        () -> outputs(m.forward(q, kv, kv, pad, false, true)),
        () -> outputs(composedMha(m, q, kv, kv, pad, false, true)),
        leaves);
    compare(
        "cross, three tensors",
        () -> outputs(m.forward(q, kv, v, null, false, false)),
        () -> outputs(composedMha(m, q, kv, v, null, false, false)),
        leaves);
  }

  @Test
  void layerNormMatchesTheComposedFormula() {
    var ln = new LayerNorm(5);
    ln.weight.assign(Tensor.randn(5));
    ln.bias.assign(Tensor.randn(5));
    Tensor x = leaf(3, 4, 5).mul(3f).add(1f).detach().requiresGrad(true);
    compare(
        "layer norm [5]",
        () -> new Tensor[] {ln.forward(x)},
        () -> new Tensor[] {composedLayerNorm(x, 1, ln.weight, ln.bias, ln.eps)},
        List.of(x, ln.weight, ln.bias));
    var ln2 = new LayerNorm(new int[] {4, 5}, 1e-3f, true);
    ln2.weight.assign(Tensor.randn(4, 5));
    compare(
        "layer norm [4, 5]",
        () -> new Tensor[] {ln2.forward(x)},
        () -> new Tensor[] {composedLayerNorm(x, 2, ln2.weight, ln2.bias, 1e-3f)},
        List.of(x, ln2.weight, ln2.bias));
    // 600 rows: backward cuts them into blocks (one per core), each summing its own dγ and dβ.
    Tensor many = leaf(2, 300, 5).mul(2f).sub(0.5f).detach().requiresGrad(true);
    compare(
        "layer norm over 600 rows",
        () -> new Tensor[] {ln.forward(many)},
        () -> new Tensor[] {composedLayerNorm(many, 1, ln.weight, ln.bias, ln.eps)},
        List.of(many, ln.weight, ln.bias));
    var plain = new LayerNorm(new int[] {5}, 1e-5f, false);
    compare(
        "layer norm without affine",
        () -> new Tensor[] {plain.forward(x)},
        () -> new Tensor[] {composedLayerNorm(x, 1, null, null, 1e-5f)},
        List.of(x));
  }

  @Test
  void encoderLayerMatchesTheComposedBlock() {
    // 10 tokens make one block of rows for the feed-forward node; 160 make two, one per core.
    for (int tokens : new int[] {5, 80}) {
      for (boolean normFirst : new boolean[] {false, true}) {
        encoderLayerCase(tokens, normFirst);
      }
    }
  }

  private static void encoderLayerCase(int tokens, boolean normFirst) {
    var layer = new TransformerEncoderLayer(8, 2, 16, 0.0, normFirst);
    Tensor x = leaf(2, tokens, 8);
    List<Tensor> leaves = new ArrayList<>(layer.parameters());
    leaves.add(x);
    compare(
        "encoder layer tokens=" + tokens + " normFirst=" + normFirst,
        () -> new Tensor[] {layer.forward(x, null, true)},
        () -> new Tensor[] {composedEncoderLayer(layer, x, normFirst)},
        leaves);
  }

  private static Tensor composedEncoderLayer(TransformerEncoderLayer m, Tensor x, boolean first) {
    java.util.function.UnaryOperator<Tensor> attn =
        t -> composedMha(m.selfAttn, t, t, t, null, true, false).output();
    java.util.function.UnaryOperator<Tensor> ff =
        t -> m.linear2.forward(m.linear1.forward(t).relu());
    java.util.function.BiFunction<LayerNorm, Tensor, Tensor> ln =
        (n, t) -> composedLayerNorm(t, 1, n.weight, n.bias, n.eps);
    if (first) {
      Tensor h = x.add(attn.apply(ln.apply(m.norm1, x)));
      return h.add(ff.apply(ln.apply(m.norm2, h)));
    }
    Tensor h = ln.apply(m.norm1, x.add(attn.apply(x)));
    return ln.apply(m.norm2, h.add(ff.apply(h)));
  }

  private static Tensor[] outputs(AttentionOutput a) {
    return new Tensor[] {a.output(), a.weights()};
  }

  // ---------------------------------------------------------------- finite differences

  @Test
  void finiteDifferencesThroughTheFusedNodes() {
    Tensor mask = Attention.mask(1, 3, 4, new boolean[][] {{false, false, false, true}}, true);
    GradCheck.check(
        "attention output",
        in -> Attention.scaledDotProduct(in[0], in[1], in[2], mask).output(),
        Tensor.randn(1, 2, 3, 4),
        Tensor.randn(1, 2, 4, 4),
        Tensor.randn(1, 2, 4, 3));
    GradCheck.check(
        "attention weights",
        in -> Attention.scaledDotProduct(in[0], in[1], in[1], null).weights(),
        Tensor.randn(2, 3, 4),
        Tensor.randn(2, 5, 4));
    var mha = new MultiheadAttention(6, 2);
    GradCheck.check(
        "self-attention, causal",
        in -> mha.forward(in[0], in[0], in[0], null, true, false).output(),
        Tensor.randn(2, 3, 6));
    Tensor ones = Tensor.ones(1, 3, 6);
    GradCheck.check(
        "self-attention in_proj_weight",
        in -> mha.forward(ones, ones, ones, null, false, false).output(),
        mha.inProjWeight);
    var ln = new LayerNorm(new int[] {2, 3}, 1e-5f, true);
    ln.weight.assign(Tensor.randn(2, 3));
    Tensor x = Tensor.randn(4, 2, 3);
    GradCheck.check("layer norm, x", in -> ln.forward(in[0]), x);
    GradCheck.check("layer norm, γ and β", in -> ln.forward(x), ln.weight, ln.bias);
  }

  // ---------------------------------------------------------------- errors

  @Test
  void aMaskThatDoesNotFitTheScoresIsNamed() {
    Tensor q = Tensor.randn(2, 3, 4);
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Attention.scaledDotProduct(q, q, q, Tensor.zeros(1, 2, 4, 3)));
    assertTrue(e.getMessage().contains("[1, 2, 4, 3]"), e.getMessage());
  }

  /** Notebook 09's case: {@code Attention.mask}'s {@code [1, 1, L, S]} with 3-D queries. */
  @Test
  void aMaskWithMoreLeadingDimensionsWidensTheResultAsInPyTorch() {
    Tensor q = Tensor.randn(1, 3, 4);
    Tensor causal = Attention.mask(1, 3, 3, null, true);
    AttentionOutput out = Attention.scaledDotProduct(q, q, q, causal);
    assertArrayEquals(new int[] {1, 1, 3, 4}, out.output().shape());
    assertArrayEquals(new int[] {1, 1, 3, 3}, out.weights().shape());
    float[] w = out.weights().data();
    assertEquals(0f, w[1]); // the first query sees only the first key
    assertEquals(0f, w[2]);
    assertEquals(1f, w[0], 1e-6f);
  }
}
