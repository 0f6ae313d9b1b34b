package crema.nn;

import crema.nn.ops.AttentionValuesFunction;
import crema.nn.ops.AttentionWeightsFunction;
import crema.nn.ops.HeadLayout;
import crema.tensor.NoGrad;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * Scaled dot-product attention, the slide formula:
 *
 * <pre>
 * Attention(Q, K, V) = softmax(Q·Kᵀ / √d_k) · V
 * </pre>
 *
 * Each query row is compared with every key by a dot product; dividing by √d_k keeps those scores
 * from growing with the dimension (which would saturate the softmax); the softmax turns each row of
 * scores into weights that sum to 1; the output is the weighted average of the values.
 *
 * <p>It runs as two fused autograd nodes ({@link AttentionWeightsFunction}: scores, mask and
 * softmax; {@link AttentionValuesFunction}: the weighted average), with batched GEMMs split across
 * the cores, instead of five small ops. The weights stay an ordinary differentiable tensor.
 *
 * <pre>{@code
 * Tensor q = Tensor.randn(1, 3, 4), k = Tensor.randn(1, 5, 4), v = Tensor.randn(1, 5, 4);
 * AttentionOutput a = Attention.scaledDotProduct(q, k, v, null);
 * a.weights();   // [1, 3, 5], rows sum to 1
 * }</pre>
 */
public final class Attention {
  private Attention() {}

  /**
   * @param q queries {@code [..., L, d_k]}
   * @param k keys {@code [..., S, d_k]}
   * @param v values {@code [..., S, d_v]}
   * @param mask added to the scores before the softmax, broadcastable to {@code [..., L, S]}:
   *     {@code -∞} where a query must not look (see {@link #mask}), or null
   */
  public static AttentionOutput scaledDotProduct(Tensor q, Tensor k, Tensor v, Tensor mask) {
    int dk = q.size(-1);
    if (k.size(-1) != dk || k.size(-2) != v.size(-2)) {
      throw new IllegalArgumentException(
          "attention: queries "
              + Arrays.toString(q.shape())
              + ", keys "
              + Arrays.toString(k.shape())
              + " and values "
              + Arrays.toString(v.shape())
              + " do not fit (need the same d_k for Q and K, the same length S for K and V)");
    }
    int[] lead = Arrays.copyOf(q.shape(), Math.max(0, q.dim() - 2));
    boolean sameLead =
        q.dim() >= 2
            && k.dim() == q.dim()
            && v.dim() == q.dim()
            && Arrays.equals(lead, Arrays.copyOf(k.shape(), k.dim() - 2))
            && Arrays.equals(lead, Arrays.copyOf(v.shape(), v.dim() - 2));
    if (!sameLead || (mask != null && mask.requiresGrad())) {
      return composed(q, k, v, mask, dk); // broadcasting batches, or a learned mask
    }
    // One (sample, head) pair per leading index: the fused kernels treat the leading dimensions
    // as one batch of N matrices and a single "head".
    int l = q.size(-2);
    int s = k.size(-2);
    int dv = v.size(-1);
    int n = 1;
    for (int d : lead) n *= d;
    int[] scoreShape = Arrays.copyOf(lead, lead.length + 2);
    scoreShape[lead.length] = l;
    scoreShape[lead.length + 1] = s;
    AttentionWeightsFunction.Mask m = null;
    if (mask != null) {
      Tensor full;
      try (NoGrad g = Tensor.noGrad()) {
        // Broadcast the mask to the scores' shape once; it is data, not a parameter.
        full = Tensor.zeros(scoreShape).add(mask);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "attention: mask "
                + Arrays.toString(mask.shape())
                + " does not broadcast to the scores "
                + Arrays.toString(scoreShape),
            e);
      }
      if (!Arrays.equals(full.shape(), scoreShape)) {
        // A mask with more leading dimensions than the scores (Attention.mask's [B, 1, L, S] with
        // 3-D queries) widens the result, as in PyTorch: the composed formula does exactly that.
        return composed(q, k, v, mask, dk);
      }
      m = new AttentionWeightsFunction.Mask(full.data(), l * s, 0);
    }
    Tensor weights =
        new AttentionWeightsFunction(
                n,
                1,
                l,
                s,
                dk,
                HeadLayout.headsFirst(1, l, dk),
                HeadLayout.headsFirst(1, s, dk),
                m,
                scoreShape)
            .apply(q, k);
    int[] outShape = Arrays.copyOf(lead, lead.length + 2);
    outShape[lead.length] = l;
    outShape[lead.length + 1] = dv;
    Tensor out =
        new AttentionValuesFunction(
                n,
                1,
                l,
                s,
                dv,
                HeadLayout.headsFirst(1, s, dv),
                HeadLayout.headsFirst(1, l, dv),
                outShape)
            .apply(weights, v);
    return new AttentionOutput(out, weights);
  }

  /** The slide formula op by op, for the cases the fused kernels do not cover. */
  private static AttentionOutput composed(Tensor q, Tensor k, Tensor v, Tensor mask, int dk) {
    Tensor scores = q.matmul(k.transpose(-2, -1)).div((float) Math.sqrt(dk));
    if (mask != null) {
      scores = scores.add(mask);
    }
    Tensor weights = scores.softmax(-1);
    return new AttentionOutput(weights.matmul(v), weights);
  }

  /**
   * An additive mask {@code [B, 1, L, S]} (broadcast over heads): {@code -∞} where a key is padding
   * or, when {@code causal}, lies in the query's future; 0 elsewhere. Returns null when nothing is
   * masked.
   *
   * @param keyPadding {@code [B][S]}, true where the key is padding; or null
   */
  public static Tensor mask(int b, int l, int s, boolean[][] keyPadding, boolean causal) {
    if (keyPadding == null && !causal) {
      return null;
    }
    if (keyPadding != null && keyPadding.length != b) {
      throw new IllegalArgumentException(
          "attention: key padding mask has " + keyPadding.length + " rows for a batch of " + b);
    }
    float[] m = new float[b * l * s];
    for (int n = 0; n < b; n++) {
      if (keyPadding != null && keyPadding[n].length != s) {
        throw new IllegalArgumentException(
            "attention: key padding mask row "
                + n
                + " has "
                + keyPadding[n].length
                + " entries for "
                + s
                + " keys");
      }
      for (int i = 0; i < l; i++) {
        for (int j = 0; j < s; j++) {
          boolean masked = (causal && j > i) || (keyPadding != null && keyPadding[n][j]);
          m[(n * l + i) * s + j] = masked ? Float.NEGATIVE_INFINITY : 0f;
        }
      }
    }
    return Tensor.of(m, b, 1, l, s);
  }
}
