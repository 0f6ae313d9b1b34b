package crema.nn;

/**
 * Mean absolute error (MAE), PyTorch's {@code nn.L1Loss}:
 *
 * <pre>
 *   lᵢ = |xᵢ − yᵢ|          loss = mean(l)  (or sum, or l itself)
 *   ∂loss/∂xᵢ = sign(xᵢ − yᵢ) / n   (0 where xᵢ = yᵢ, as PyTorch)
 * </pre>
 *
 * Less sensitive to outliers than {@link MSELoss}: a large error costs linearly, not squared.
 *
 * <pre>{@code
 * Tensor loss = new L1Loss().forward(Tensor.of(new float[] {1, 2}, 2), Tensor.of(new float[] {0, 4}, 2));
 * // (|1-0| + |2-4|) / 2 = 1.5
 * }</pre>
 */
public final class L1Loss extends DifferenceLoss {
  /** With {@link Reduction#MEAN}. */
  public L1Loss() {
    this(Reduction.MEAN);
  }

  public L1Loss(Reduction reduction) {
    super("L1Loss", reduction);
  }

  @Override
  void pointwise(float[] d, float[] loss) {
    for (int i = 0; i < d.length; i++) {
      loss[i] = Math.abs(d[i]);
      d[i] = Math.signum(d[i]);
    }
  }
}
