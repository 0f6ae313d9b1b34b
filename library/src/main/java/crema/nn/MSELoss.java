package crema.nn;

/**
 * Mean squared error, PyTorch's {@code nn.MSELoss}:
 *
 * <pre>
 *   lᵢ = (xᵢ − yᵢ)²          loss = mean(l)  (or sum, or l itself)
 *   ∂loss/∂xᵢ = 2 (xᵢ − yᵢ) / n   (for the mean)
 * </pre>
 *
 * Input and target must have the same shape (no silent broadcasting).
 *
 * <pre>{@code
 * Tensor loss = new MSELoss().forward(Tensor.of(new float[] {1, 2}, 2), Tensor.of(new float[] {0, 4}, 2));
 * // ((1-0)² + (2-4)²) / 2 = 2.5
 * }</pre>
 */
public final class MSELoss extends DifferenceLoss {
  /** With {@link Reduction#MEAN}. */
  public MSELoss() {
    this(Reduction.MEAN);
  }

  public MSELoss(Reduction reduction) {
    super("MSELoss", reduction);
  }

  @Override
  void pointwise(float[] d, float[] loss) {
    for (int i = 0; i < d.length; i++) {
      loss[i] = d[i] * d[i];
      d[i] = 2 * d[i];
    }
  }
}
