package crema.nn;

import crema.nn.ops.KLDivLossFunction;
import crema.tensor.Tensor;

/**
 * Kullback-Leibler divergence, PyTorch's {@code nn.KLDivLoss}. As in PyTorch, the <em>input is a
 * log-probability</em> (e.g. a {@code logSoftmax} output) and the target a probability (or a
 * log-probability with {@code logTarget}):
 *
 * <pre>
 *   lᵢ = tᵢ · (ln tᵢ − xᵢ)       (0 where tᵢ = 0)        logTarget: lᵢ = e^tᵢ · (tᵢ − xᵢ)
 *   ∂lᵢ/∂xᵢ = −tᵢ                                        logTarget: −e^tᵢ
 *   batchmean: Σ lᵢ / N = KL(t ‖ e^x) per sample;   mean: Σ lᵢ / numel (PyTorch's default, not a KL)
 * </pre>
 *
 * Use {@link Reduction#BATCHMEAN} for the true divergence; {@code MEAN} divides by the number of
 * elements, as PyTorch's default does.
 *
 * <pre>{@code
 * Tensor logQ = Tensor.of(new float[] {0.25f, 0.75f}, 1, 2).log();
 * Tensor p = Tensor.of(new float[] {0.5f, 0.5f}, 1, 2);
 * new KLDivLoss(Reduction.BATCHMEAN).forward(logQ, p);  // 0.5 ln 2 + 0.5 ln(2/3) ≈ 0.1438
 * }</pre>
 */
public final class KLDivLoss implements Loss {
  private final Reduction reduction;
  private final boolean logTarget;

  /** Mean reduction, as PyTorch's default; prefer {@code new KLDivLoss(Reduction.BATCHMEAN)}. */
  public KLDivLoss() {
    this(Reduction.MEAN, false);
  }

  public KLDivLoss(Reduction reduction) {
    this(reduction, false);
  }

  /**
   * @param logTarget whether the target is given as a log-probability
   */
  public KLDivLoss(Reduction reduction, boolean logTarget) {
    if (reduction == null) {
      throw new IllegalArgumentException("KLDivLoss: reduction is null");
    }
    this.reduction = reduction;
    this.logTarget = logTarget;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Losses.requireSameShape("KLDivLoss", input, target);
    int batch = input.dim() == 0 ? 1 : input.size(0);
    return new KLDivLossFunction(reduction.op(), logTarget, batch).apply(input, target);
  }

  @Override
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return "KLDivLoss(reduction=" + reduction + (logTarget ? ", log_target=true" : "") + ")";
  }
}
