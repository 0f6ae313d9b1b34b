package crema.nn;

import crema.tensor.Rng;
import crema.tensor.Tensor;

/**
 * Adds a learned vector per position to a sequence {@code [B, T, E]}: {@code y[b, t] = x[b, t] +
 * P[t]}, with {@code P [maxLen, E]} initialised {@code N(0, 0.02²)} (as GPT-2 and BERT do).
 *
 * <pre>{@code
 * var pos = new LearnedPositionalEncoding(28, 64);   // 28 rows of an image, 64 features
 * Tensor y = pos.forward(Tensor.randn(8, 28, 64));
 * }</pre>
 */
public class LearnedPositionalEncoding extends Module {
  /** The position table {@code [maxLen, dim]}. */
  public final Parameter weight;

  public LearnedPositionalEncoding(int maxLen, int dim) {
    if (dim <= 0 || maxLen <= 0) {
      throw new IllegalArgumentException(
          "LearnedPositionalEncoding: max_len and dim must be positive");
    }
    this.weight = new Parameter(Init.normal(Tensor.zeros(maxLen, dim), 0, 0.02, Rng.global()));
  }

  @Override
  public Tensor forward(Tensor x) {
    return PositionalEncoding.addPositions(this, x, weight);
  }

  @Override
  protected String extraRepr() {
    return "max_len=" + weight.size(0) + ", dim=" + weight.size(1);
  }
}
