package crema.nn;

import crema.nn.ops.LossReduction;

/**
 * How a loss turns its per-element (or per-sample) values into its result, as PyTorch's {@code
 * reduction=} argument.
 *
 * <ul>
 *   <li>{@link #MEAN}: the average, a scalar. The default of every loss. For the class-index losses
 *       with class weights it is the weighted average {@code Σ wᵧ·lᵢ / Σ wᵧ}, as in PyTorch.
 *   <li>{@link #SUM}: the sum, a scalar.
 *   <li>{@link #NONE}: no reduction; one value per element (or per sample for the classification
 *       losses), in the shape of the target.
 *   <li>{@link #BATCHMEAN}: the sum divided by the batch size {@code input.size(0)}. Only {@link
 *       KLDivLoss} accepts it; it is the mathematically correct KL divergence per sample.
 * </ul>
 *
 * <pre>{@code
 * Loss sumOfSquares = new MSELoss(Reduction.SUM);
 * }</pre>
 */
public enum Reduction {
  MEAN,
  SUM,
  NONE,
  BATCHMEAN;

  /** PyTorch's spelling: {@code "mean"}, {@code "sum"}, {@code "none"}, {@code "batchmean"}. */
  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The same reduction as the loss ops in {@code crema.nn.ops} name it. */
  LossReduction op() {
    return LossReduction.valueOf(name());
  }
}
