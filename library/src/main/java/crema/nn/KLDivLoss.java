package crema.nn;

import crema.tensor.Function;
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
    return new Fn(reduction, logTarget, batch).apply(input, target);
  }

  @Override
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return "KLDivLoss(reduction=" + reduction + (logTarget ? ", log_target=true" : "") + ")";
  }

  /** Forward and backward of the pointwise KL divergence. */
  private static final class Fn extends Function {
    private final Reduction reduction;
    private final boolean logTarget;
    private final int batch;
    private float[] negT; // −t (or −e^t): the local derivative
    private int[] shape;

    Fn(Reduction reduction, boolean logTarget, int batch) {
      this.reduction = reduction;
      this.logTarget = logTarget;
      this.batch = batch;
    }

    @Override
    protected Tensor forward(Tensor... in) {
      float[] x = in[0].data();
      float[] t = in[1].data();
      shape = in[0].shape();
      negT = new float[x.length];
      float[] l = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        double li;
        if (logTarget) {
          double e = Math.exp(t[i]);
          li = e * (t[i] - x[i]);
          negT[i] = (float) -e;
        } else {
          // xlogy: t ln t is 0 at t = 0 (the limit), not NaN
          double tlogt = t[i] == 0 ? 0 : t[i] * Math.log(t[i]);
          li = tlogt - (double) t[i] * x[i];
          negT[i] = -t[i];
        }
        l[i] = (float) li;
      }
      return Losses.reduce(l, shape, reduction, batch);
    }

    @Override
    protected Tensor[] backward(Tensor gradOut) {
      float[] d = Losses.chain(negT.clone(), gradOut, reduction, batch);
      return new Tensor[] {Tensor.wrap(d, shape), null};
    }
  }
}
