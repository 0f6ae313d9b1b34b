package crema.nn;

import crema.tensor.Tensor;

/**
 * Log-softmax, PyTorch's {@code nn.LogSoftmax}: {@code z_i − log Σ_j e^(z_j)} along one dimension,
 * computed stably; the input {@code NLLLoss} expects.
 *
 * <pre>{@code
 * new LogSoftmax(1).forward(Tensor.of(new float[] {1, 2, 3}, 1, 3));   // [[-2.4076, -1.4076, -0.4076]]
 * }</pre>
 */
public class LogSoftmax extends Module {
  private final int dim;

  /** Over the last dimension. */
  public LogSoftmax() {
    this(-1);
  }

  /** Over dimension {@code dim} (negative counts from the end). */
  public LogSoftmax(int dim) {
    this.dim = dim;
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.logSoftmax(dim);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
