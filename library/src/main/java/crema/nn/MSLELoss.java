package crema.nn;

import crema.nn.ops.MSLELossFunction;
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
    return new MSLELossFunction(reduction.op()).apply(input, target);
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
}
