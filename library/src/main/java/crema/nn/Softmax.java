package crema.nn;

import crema.tensor.Tensor;

/**
 * Softmax, PyTorch's {@code nn.Softmax}: {@code softmax(z)_i = e^(z_i) / Σ_j e^(z_j)} along one
 * dimension (the last by default), so each slice is a probability distribution. Computed stably
 * (the maximum is subtracted first). For training, prefer raw logits with {@code CrossEntropyLoss}.
 *
 * <pre>{@code
 * new Softmax(1).forward(Tensor.of(new float[] {1, 2, 3}, 1, 3));   // [[0.0900, 0.2447, 0.6652]]
 * }</pre>
 */
public class Softmax extends Module {
  private final int dim;

  /** Over the last dimension. */
  public Softmax() {
    this(-1);
  }

  /** Over dimension {@code dim} (negative counts from the end). */
  public Softmax(int dim) {
    this.dim = dim;
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.softmax(dim);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
