package crema.nn;

import crema.nn.ops.AttentionValuesFunction;
import crema.nn.ops.AttentionWeightsFunction;
import crema.nn.ops.HeadLayout;
import crema.nn.ops.TokenLinearFunction;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * Multi-head attention, PyTorch's {@code nn.MultiheadAttention} (batch-first):
 *
 * <pre>
 * head_h = softmax(Q_h·K_hᵀ / √d) · V_h,   Q_h = q·W_q,hᵀ + b_q,h (likewise K, V),  d = E / H
 * out    = concat(head_1, ..., head_H) · W_oᵀ + b_o
 * </pre>
 *
 * Each head attends in its own d-dimensional subspace, so different heads can follow different
 * relations. Parameters as in PyTorch: {@code in_proj_weight [3E, E]} (W_q, W_k, W_v stacked,
 * Xavier-uniform), {@code in_proj_bias [3E]} (zeros), {@code out_proj} a {@link Linear}(E, E) with
 * zero bias.
 *
 * <p>The heads are never copied out: for self-attention one GEMM projects Q, K and V together into
 * {@code [B, T, 3E]}, and the fused attention nodes ({@code AttentionWeightsFunction}, {@code
 * AttentionValuesFunction} in {@code crema.nn.ops}) read each head where it lies and write the
 * output with the heads already side by side. The weights they return are differentiable.
 *
 * <pre>{@code
 * var mha = new MultiheadAttention(64, 4);
 * AttentionOutput a = mha.forward(x, x, x, null, true, false);   // causal self-attention
 * a.weights();   // [B, 4, T, T]: one heatmap per head
 * }</pre>
 */
public class MultiheadAttention extends Module {
  public final int embedDim;
  public final int numHeads;

  /** W_q, W_k, W_v stacked, {@code [3E, E]}. */
  public final Parameter inProjWeight;

  /** b_q, b_k, b_v stacked, {@code [3E]}. */
  public final Parameter inProjBias;

  /** The output projection. */
  public final Linear outProj;

  public MultiheadAttention(int embedDim, int numHeads) {
    if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0) {
      throw new IllegalArgumentException(
          "MultiheadAttention: embed_dim "
              + embedDim
              + " must be a positive multiple of num_heads "
              + numHeads);
    }
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.inProjWeight = new Parameter(Init.xavierUniform(Tensor.zeros(3 * embedDim, embedDim)));
    this.inProjBias = new Parameter(Tensor.zeros(3 * embedDim));
    this.outProj = new Linear(embedDim, embedDim);
    outProj.bias.fill(0f);
  }

  /** Self-attention output for {@code x [B, T, E]}. */
  @Override
  public Tensor forward(Tensor x) {
    return forward(x, x, x, null, false, true).output();
  }

  /**
   * @param query {@code [B, L, E]}
   * @param key {@code [B, S, E]}
   * @param value {@code [B, S, E]}
   * @param keyPadding {@code [B][S]}, true where a key is padding; or null
   * @param causal whether query i may only attend to keys 0..i
   * @param averageWeights return the weights averaged over heads {@code [B, L, S]} rather than per
   *     head {@code [B, H, L, S]}
   */
  public AttentionOutput forward(
      Tensor query,
      Tensor key,
      Tensor value,
      boolean[][] keyPadding,
      boolean causal,
      boolean averageWeights) {
    int[] qs = query.shape();
    int[] ks = key.shape();
    if (qs.length != 3
        || qs[2] != embedDim
        || !Arrays.equals(ks, value.shape())
        || ks.length != 3
        || ks[0] != qs[0]
        || ks[2] != embedDim) {
      throw new IllegalArgumentException(
          "MultiheadAttention("
              + embedDim
              + ", heads="
              + numHeads
              + ") expects query [B, L, "
              + embedDim
              + "] and key = value [B, S, "
              + embedDim
              + "], got "
              + Arrays.toString(qs)
              + ", "
              + Arrays.toString(ks)
              + ", "
              + Arrays.toString(value.shape()));
    }
    int b = qs[0];
    int l = qs[1];
    int s = ks[1];
    int e = embedDim;
    int d = e / numHeads;
    Tensor mask = Attention.mask(b, l, s, keyPadding, causal);
    AttentionWeightsFunction.Mask m =
        mask == null ? null : new AttentionWeightsFunction.Mask(mask.data(), l * s, 0);
    int[] weightShape = {b, numHeads, l, s};
    int[] outShape = {b, l, e};
    HeadLayout outLayout = HeadLayout.sideBySide(l, e, 0, d);
    Tensor weights;
    Tensor merged;
    if (query == key && key == value) {
      // Self-attention: one GEMM projects Q, K and V together into qkv [B, T, 3E], and the
      // attention kernels read each head in place from it (Q at column 0, K at E, V at 2E).
      Tensor qkv = own(new TokenLinearFunction().apply(query, inProjWeight, inProjBias));
      weights =
          new AttentionWeightsFunction(
                  b,
                  numHeads,
                  l,
                  s,
                  d,
                  HeadLayout.sideBySide(l, 3 * e, 0, d),
                  HeadLayout.sideBySide(s, 3 * e, e, d),
                  m,
                  weightShape)
              .apply(qkv);
      merged =
          new AttentionValuesFunction(
                  b,
                  numHeads,
                  l,
                  s,
                  d,
                  HeadLayout.sideBySide(s, 3 * e, 2 * e, d),
                  outLayout,
                  outShape)
              .apply(weights, qkv);
    } else {
      Tensor q = own(project(query, 0));
      Tensor k = own(project(key, 1));
      Tensor v = own(project(value, 2));
      weights =
          new AttentionWeightsFunction(
                  b,
                  numHeads,
                  l,
                  s,
                  d,
                  HeadLayout.sideBySide(l, e, 0, d),
                  HeadLayout.sideBySide(s, e, 0, d),
                  m,
                  weightShape)
              .apply(q, k);
      merged =
          new AttentionValuesFunction(
                  b, numHeads, l, s, d, HeadLayout.sideBySide(s, e, 0, d), outLayout, outShape)
              .apply(weights, v);
    }
    // merged [B, L, E] already holds the heads side by side.
    Tensor w = averageWeights ? weights.mean(1, false) : weights;
    own(merged);
    Tensor out = new TokenLinearFunction().apply(merged, outProj.weight, outProj.bias);
    return new AttentionOutput(out, w);
  }

  /**
   * Marks an activation made inside {@link #forward} that no caller can reach: when backward frees
   * the graph, its array goes back to the pool for the next step ({@link
   * Tensor#releaseWithGraph()}). The output and the attention weights are never marked.
   */
  private static Tensor own(Tensor t) {
    return t.releaseWithGraph();
  }

  private Tensor project(Tensor x, int which) {
    int e = embedDim;
    return F.linear(
        x,
        inProjWeight.slice(0, which * e, (which + 1) * e),
        inProjBias.slice(0, which * e, (which + 1) * e));
  }

  @Override
  protected String extraRepr() {
    return "embed_dim=" + embedDim + ", num_heads=" + numHeads + ", batch_first=True";
  }
}
