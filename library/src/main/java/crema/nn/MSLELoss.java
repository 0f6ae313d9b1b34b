package crema.nn;

import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * Mean squared logarithmic error (Keras' {@code MeanSquaredLogarithmicError}; PyTorch has no class
 * for it, it is {@code mse_loss(log1p(x), log1p(y))}):
 *
 * <pre>
 *   lᵢ = (ln(1 + xᵢ) − ln(1 + yᵢ))²          loss = mean(l)  (or sum, or l itself)
 *   ∂loss/∂xᵢ = 2 (ln(1 + xᵢ) − ln(1 + yᵢ)) / (1 + xᵢ) / n
 * </pre>
 *
 * It compares relative rather than absolute errors, useful for targets spanning orders of magnitude
 * (prices, counts). Inputs and targets must be greater than −1; Keras clips them at 0 instead, we
 * report the offending element.
 *
 * <pre>{@code
 * Tensor loss = new MSLELoss().forward(Tensor.of(new float[] {0}, 1), Tensor.of(new float[] {(float) Math.E - 1}, 1));
 * // (ln 1 − ln e)² = 1
 * }</pre>
 */
public final class MSLELoss implements Loss {
  private final Reduction reduction;

  /** With {@link Reduction#MEAN}. */
  public MSLELoss() {
    this(Reduction.MEAN);
  }

  public MSLELoss(Reduction reduction) {
    this.reduction = Losses.checkReduction("MSLELoss", reduction);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Losses.requireSameShape("MSLELoss", input, target);
    check("input", input);
    check("target", target);
    return new Fn(reduction).apply(input, target);
  }

  private static void check(String what, Tensor t) {
    float[] v = t.data();
    for (int i = 0; i < v.length; i++) {
      if (!(v[i] > -1f)) {
        throw new IllegalArgumentException(
            "MSLELoss: "
                + what
                + "["
                + i
                + "] = "
                + v[i]
                + " must be greater than -1 (log(1 + x) is undefined)");
      }
    }
  }

  @Override
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return "MSLELoss(reduction=" + reduction + ")";
  }

  /** Forward and backward of the squared log error. */
  private static final class Fn extends Function {
    private final Reduction reduction;
    private float[] dlog; // ln(1+x) − ln(1+y)
    private float[] x;
    private int[] shape;

    Fn(Reduction reduction) {
      this.reduction = reduction;
    }

    @Override
    protected Tensor forward(Tensor... in) {
      x = in[0].data().clone();
      float[] y = in[1].data();
      shape = in[0].shape();
      dlog = new float[x.length];
      float[] l = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        float d = (float) (Math.log1p(x[i]) - Math.log1p(y[i]));
        dlog[i] = d;
        l[i] = d * d;
      }
      return Losses.reduce(l, shape, reduction, 0);
    }

    @Override
    protected Tensor[] backward(Tensor gradOut) {
      float[] d = new float[x.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = 2 * dlog[i] / (1 + x[i]);
      }
      return new Tensor[] {Tensor.wrap(Losses.chain(d, gradOut, reduction, 0), shape), null};
    }
  }
}
