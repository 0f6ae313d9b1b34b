package crema.nn;

import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * What {@link BatchNorm1d} and {@link BatchNorm2d} share (PyTorch's {@code _BatchNorm}): normalises
 * each channel with the batch's mean and variance in training, with running estimates in
 * evaluation, then scales and shifts it by the learned {@code weight} (γ) and {@code bias} (β):
 * {@code y = γ·(x − μ)/√(σ² + ε) + β}. See {@link crema.nn.ops.BatchNormFunction} for the
 * gradients.
 *
 * <p>State, with PyTorch's names: parameters {@code weight} (ones) and {@code bias} (zeros),
 * buffers {@code running_mean} (zeros), {@code running_var} (ones) and {@code num_batches_tracked}
 * (0). Each training step moves the running statistics: {@code running = (1 − momentum)·running +
 * momentum·batch} (unbiased variance), and counts the batch.
 */
public abstract class BatchNorm extends Module {
  /** Number of channels (features). */
  public final int numFeatures;

  /** Added to the variance before the square root. */
  public final double eps;

  /** Weight of the current batch in the running statistics. */
  public final double momentum;

  /** γ, {@code [C]}, or null when not affine. */
  public final Parameter weight;

  /** β, {@code [C]}, or null when not affine. */
  public final Parameter bias;

  /** Running mean, {@code [C]}, or null when running statistics are not tracked. */
  @Buffer public final Tensor runningMean;

  /** Running variance, {@code [C]}, or null when running statistics are not tracked. */
  @Buffer public final Tensor runningVar;

  /** Number of training batches seen, a 0-dimensional tensor, or null when not tracked. */
  @Buffer public final Tensor numBatchesTracked;

  /**
   * @param affine learn γ and β
   * @param trackRunningStats keep running statistics for evaluation (else batch statistics are used
   *     in both modes)
   */
  protected BatchNorm(
      int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
    if (numFeatures < 1) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ": num_features must be >= 1, got " + numFeatures);
    }
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    this.weight = affine ? new Parameter(Tensor.ones(numFeatures)) : null;
    this.bias = affine ? new Parameter(Tensor.zeros(numFeatures)) : null;
    this.runningMean = trackRunningStats ? Tensor.zeros(numFeatures) : null;
    this.runningVar = trackRunningStats ? Tensor.ones(numFeatures) : null;
    this.numBatchesTracked = trackRunningStats ? Tensor.scalar(0) : null;
  }

  /** Checks the rank of the input; the message names the layer and the shape. */
  protected abstract boolean acceptsRank(int rank);

  /** The accepted input shapes, for error messages, e.g. {@code "[N, C, H, W]"}. */
  protected abstract String expectedShape();

  @Override
  public Tensor forward(Tensor x) {
    int[] s = x.shape();
    if (!acceptsRank(s.length) || s[1] != numFeatures) {
      throw new IllegalArgumentException(
          getClass().getSimpleName()
              + "("
              + numFeatures
              + ") expects "
              + expectedShape().replace("C", Integer.toString(numFeatures))
              + ", got "
              + Arrays.toString(s));
    }
    return F.batchNorm(
        x, runningMean, runningVar, numBatchesTracked, weight, bias, isTraining(), momentum, eps);
  }

  /** Resets the running statistics to mean 0, variance 1 and the batch count to 0. */
  public void resetRunningStats() {
    if (runningMean == null) return;
    runningMean.fill(0f);
    runningVar.fill(1f);
    numBatchesTracked.fill(0f);
  }

  @Override
  protected String extraRepr() {
    return numFeatures
        + ", eps="
        + eps
        + ", momentum="
        + momentum
        + ", affine="
        + (weight != null)
        + ", track_running_stats="
        + (runningMean != null);
  }
}
