package crema.nn;

import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * Adds the sinusoidal position signal of "Attention is all you need" to a sequence {@code [B, T,
 * E]}:
 *
 * <pre>
 * PE[t, 2i] = sin(t / 10000^(2i/E)),   PE[t, 2i+1] = cos(t / 10000^(2i/E))
 * </pre>
 *
 * Attention itself ignores order; this signal lets the model tell positions apart, and nearby
 * positions get similar codes. It has no parameters (see {@link LearnedPositionalEncoding} for the
 * learned kind).
 *
 * <pre>{@code
 * var pe = new PositionalEncoding(64, 100);
 * Tensor y = pe.forward(Tensor.zeros(1, 10, 64));   // the codes of positions 0..9
 * }</pre>
 */
public class PositionalEncoding extends Module {
  public final int dim;
  public final int maxLen;
  // Derived from (dim, maxLen), so it is not saved in the state dict.
  private final transient Tensor table;

  public PositionalEncoding(int dim, int maxLen) {
    if (dim <= 0 || maxLen <= 0) {
      throw new IllegalArgumentException("PositionalEncoding: dim and max_len must be positive");
    }
    this.dim = dim;
    this.maxLen = maxLen;
    float[] pe = new float[maxLen * dim];
    for (int t = 0; t < maxLen; t++) {
      for (int i = 0; i < dim; i += 2) {
        double angle = t / Math.pow(10000.0, (double) i / dim);
        pe[t * dim + i] = (float) Math.sin(angle);
        if (i + 1 < dim) {
          pe[t * dim + i + 1] = (float) Math.cos(angle);
        }
      }
    }
    this.table = Tensor.of(pe, maxLen, dim);
  }

  @Override
  public Tensor forward(Tensor x) {
    return addPositions(this, x, table);
  }

  /**
   * {@code x [B, T, E] + table[0..T)}: what both positional encodings do with their table of codes
   * {@code [maxLen, E]}, after checking that {@code x} fits it.
   */
  static Tensor addPositions(Module layer, Tensor x, Tensor table) {
    int[] s = x.shape();
    int maxLen = table.size(0);
    int dim = table.size(1);
    if (s.length != 3 || s[2] != dim || s[1] > maxLen) {
      throw new IllegalArgumentException(
          layer + " expects [B, T ≤ " + maxLen + ", " + dim + "], got " + Arrays.toString(s));
    }
    return x.add(table.slice(0, 0, s[1]));
  }

  /** The codes {@code [maxLen, dim]}, e.g. to show as a heatmap. */
  public Tensor table() {
    return table;
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim + ", max_len=" + maxLen;
  }
}
