package crema.nn;

import crema.nn.ops.EmbeddingFunction;
import crema.tensor.Rng;
import crema.tensor.Tensor;

/**
 * A learned vector per token, PyTorch's {@code nn.Embedding}: {@code y[..., :] = W[index[...], :]}.
 *
 * <p>{@code weight} is {@code [numEmbeddings, dim]}, initialised {@code N(0, 1)}. The row {@code
 * paddingIdx} (if given) starts at zero and never receives a gradient, so padding tokens contribute
 * nothing.
 *
 * <pre>{@code
 * var emb = new Embedding(10, 4);                       // 10 tokens, 4 features each
 * Tensor y = emb.forward(new int[][] {{1, 2, 3}});      // [1, 3, 4]
 * }</pre>
 */
public class Embedding extends Module {
  public final int numEmbeddings;
  public final int embeddingDim;
  public final int paddingIdx;

  /** The table, {@code [numEmbeddings, dim]}. */
  public final Parameter weight;

  public Embedding(int numEmbeddings, int embeddingDim) {
    this(numEmbeddings, embeddingDim, -1);
  }

  /**
   * @param paddingIdx the index of the padding token, or -1 for none
   */
  public Embedding(int numEmbeddings, int embeddingDim, int paddingIdx) {
    if (numEmbeddings <= 0 || embeddingDim <= 0) {
      throw new IllegalArgumentException(
          "Embedding: sizes must be positive, got " + numEmbeddings + ", " + embeddingDim);
    }
    if (paddingIdx < -1 || paddingIdx >= numEmbeddings) {
      throw new IllegalArgumentException(
          "Embedding: padding index " + paddingIdx + " is outside 0.." + (numEmbeddings - 1));
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = paddingIdx;
    this.weight = new Parameter(Tensor.randn(Rng.global(), numEmbeddings, embeddingDim));
    if (paddingIdx >= 0) {
      java.util.Arrays.fill(
          weight.data(), paddingIdx * embeddingDim, (paddingIdx + 1) * embeddingDim, 0f);
    }
  }

  /** Looks up a tensor of (integer-valued) indices of any shape; adds a last dimension. */
  @Override
  public Tensor forward(Tensor index) {
    float[] f = index.data();
    int[] idx = new int[f.length];
    for (int i = 0; i < f.length; i++) {
      idx[i] = Math.round(f[i]);
      if (idx[i] != f[i]) {
        throw new IllegalArgumentException(
            "Embedding: indices must be whole numbers, got " + f[i] + " at position " + i);
      }
    }
    return new EmbeddingFunction(idx, index.shape(), paddingIdx).apply(weight);
  }

  /** Looks up a batch of index sequences {@code [B][T]}, giving {@code [B, T, dim]}. */
  public Tensor forward(int[][] index) {
    int b = index.length;
    int t = b == 0 ? 0 : index[0].length;
    int[] flat = new int[b * t];
    for (int i = 0; i < b; i++) {
      if (index[i].length != t) {
        throw new IllegalArgumentException(
            "Embedding: sequence "
                + i
                + " has length "
                + index[i].length
                + ", expected "
                + t
                + " (pad the batch to one length)");
      }
      System.arraycopy(index[i], 0, flat, i * t, t);
    }
    return new EmbeddingFunction(flat, new int[] {b, t}, paddingIdx).apply(weight);
  }

  @Override
  protected String extraRepr() {
    return numEmbeddings
        + ", "
        + embeddingDim
        + (paddingIdx >= 0 ? ", padding_idx=" + paddingIdx : "");
  }
}
