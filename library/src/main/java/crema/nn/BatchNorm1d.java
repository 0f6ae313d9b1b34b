package crema.nn;

/**
 * Batch normalisation over a batch of feature vectors {@code [N, C]} (or sequences {@code [N, C,
 * L]}), PyTorch's {@code nn.BatchNorm1d}: each feature is normalised over the batch (and length).
 * See {@link BatchNorm} for the formula, the state and the running statistics.
 *
 * <pre>{@code
 * new BatchNorm1d(128).forward(Tensor.randn(64, 128));   // each feature: mean 0, variance 1
 * }</pre>
 */
public class BatchNorm1d extends BatchNorm {
  /** {@code eps = 1e-5}, {@code momentum = 0.1}, affine, tracking running statistics. */
  public BatchNorm1d(int numFeatures) {
    this(numFeatures, 1e-5, 0.1, true, true);
  }

  /** With the given eps and momentum, affine, tracking running statistics. */
  public BatchNorm1d(int numFeatures, double eps, double momentum) {
    this(numFeatures, eps, momentum, true, true);
  }

  /** With every option. */
  public BatchNorm1d(
      int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
    super(numFeatures, eps, momentum, affine, trackRunningStats);
  }

  @Override
  protected boolean acceptsRank(int rank) {
    return rank == 2 || rank == 3;
  }

  @Override
  protected String expectedShape() {
    return "[N, C] or [N, C, L]";
  }
}
