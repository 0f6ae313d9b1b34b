package crema.nn.ops;

import crema.tensor.Function;
import crema.tensor.Tensor;

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
public final class KLDivLossFunction extends Function {
  private final LossReduction reduction;
  private final boolean logTarget;
  private final int batch;
  private float[] negT; // −t (or −e^t): the local derivative
  private int[] shape;

  /**
   * @param batch the batch size, which {@link LossReduction#BATCHMEAN} divides by
   */
  public KLDivLossFunction(LossReduction reduction, boolean logTarget, int batch) {
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
    return reduction.reduce(l, shape, batch);
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] d = reduction.chain(negT.clone(), gradOut, batch);
    return new Tensor[] {Tensor.wrap(d, shape), null};
  }
}
