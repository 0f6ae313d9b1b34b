package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.tensor.Function;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * Table look-up: row {@code index[i]} of {@code weight [V, D]} for every index, giving {@code [...,
 * D]}.
 *
 * <p>Backward scatters: {@code dW[index[i]] += dY[i]}; the padding row (if any) gets no gradient,
 * so it stays what it was initialised to (zeros), as in PyTorch.
 */
public final class EmbeddingFunction extends Function {
  private final int[] index;
  private final int[] indexShape;
  private final int paddingIdx;
  private int vocab;
  private int dim;

  /**
   * @param index the row indices, flattened
   * @param indexShape their shape (the output is that shape plus {@code [D]})
   * @param paddingIdx the row that never learns, or -1
   */
  public EmbeddingFunction(int[] index, int[] indexShape, int paddingIdx) {
    this.index = index;
    this.indexShape = indexShape;
    this.paddingIdx = paddingIdx;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    Tensor weight = in[0];
    int[] ws = weight.shape();
    vocab = ws[0];
    dim = ws[1];
    float[] w = weight.data();
    float[] out = ArrayPool.takeUninitialised(index.length * dim); // every row is copied
    for (int i = 0; i < index.length; i++) {
      int row = index[i];
      if (row < 0 || row >= vocab) {
        throw new IndexOutOfBoundsException(
            "Embedding("
                + vocab
                + ", "
                + dim
                + "): index "
                + row
                + " at position "
                + i
                + " is outside 0.."
                + (vocab - 1));
      }
      System.arraycopy(w, row * dim, out, i * dim, dim);
    }
    int[] shape = Arrays.copyOf(indexShape, indexShape.length + 1);
    shape[indexShape.length] = dim;
    return Tensor.wrap(out, shape);
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] g = gradOut.data();
    float[] dw = ArrayPool.take(vocab * dim); // zeroed: rows are added into
    for (int i = 0; i < index.length; i++) {
      int row = index[i];
      if (row == paddingIdx) {
        continue;
      }
      int src = i * dim;
      int dst = row * dim;
      for (int j = 0; j < dim; j++) {
        dw[dst + j] += g[src + j];
      }
    }
    return new Tensor[] {Tensor.wrap(dw, vocab, dim)};
  }
}
