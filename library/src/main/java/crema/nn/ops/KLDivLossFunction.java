package crema.nn.ops;

/**
 * The pointwise Kullback-Leibler divergence of a log-probability input {@code x} from a target
 * probability {@code t} (or a log-probability with {@code logTarget}):
 *
 * <pre>
 *   lᵢ = tᵢ · (ln tᵢ − xᵢ)       (0 where tᵢ = 0)        logTarget: lᵢ = e^tᵢ · (tᵢ − xᵢ)
 *   ∂lᵢ/∂xᵢ = −tᵢ                                        logTarget: −e^tᵢ
 * </pre>
 *
 * Inputs: input and target of one shape; only the input gets a gradient.
 */
public final class KLDivLossFunction extends PointwiseLossFunction {
  private final boolean logTarget;

  /**
   * @param batch the batch size, which {@link LossReduction#BATCHMEAN} divides by
   */
  public KLDivLossFunction(LossReduction reduction, boolean logTarget, int batch) {
    super(reduction, batch);
    this.logTarget = logTarget;
  }

  @Override
  void pointwise(float[] x, float[] t, float[] l, float[] slope) {
    for (int i = 0; i < x.length; i++) {
      double li;
      if (logTarget) {
        double e = Math.exp(t[i]);
        li = e * (t[i] - x[i]);
        slope[i] = (float) -e;
      } else {
        // xlogy: t ln t is 0 at t = 0 (the limit), not NaN
        double tlogt = t[i] == 0 ? 0 : t[i] * Math.log(t[i]);
        li = tlogt - (double) t[i] * x[i];
        slope[i] = -t[i];
      }
      l[i] = (float) li;
    }
  }
}
