package crema.nn;

import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * Scaled dot-product attention, written exactly as the slide formula:
 *
 * <pre>
 * Attention(Q, K, V) = softmax(Q·Kᵀ / √d_k) · V
 * </pre>
 *
 * Each query row is compared with every key by a dot product; dividing by √d_k keeps those scores
 * from growing with the dimension (which would saturate the softmax); the softmax turns each row of
 * scores into weights that sum to 1; the output is the weighted average of the values.
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
