package crema.nn;

/**
 * Batch normalisation of feature maps {@code [N, C, H, W]}, PyTorch's {@code nn.BatchNorm2d}: each
 * channel is normalised over the batch and all positions. See {@link BatchNorm} for the formula,
 * the state and the running statistics.
 *
 * <pre>{@code
 * new BatchNorm2d(16).forward(Tensor.randn(64, 16, 14, 14));   // each channel: mean 0, var 1
 * }</pre>
 */
public class BatchNorm2d extends BatchNorm {
  /** {@code eps = 1e-5}, {@code momentum = 0.1}, affine, tracking running statistics. */
  public BatchNorm2d(int numFeatures) {
    this(numFeatures, 1e-5, 0.1, true, true);
  }

  /** With the given eps and momentum, affine, tracking running statistics. */
  public BatchNorm2d(int numFeatures, double eps, double momentum) {
    this(numFeatures, eps, momentum, true, true);
  }

  /** With every option. */
  public BatchNorm2d(
      int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
    super(numFeatures, eps, momentum, affine, trackRunningStats);
  }

  @Override
  protected boolean acceptsRank(int rank) {
    return rank == 4;
  }

  @Override
  protected String expectedShape() {
    return "[N, C, H, W]";
  }
}
