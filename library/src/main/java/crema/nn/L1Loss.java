package crema.nn;

import crema.tensor.Function;
import crema.tensor.Tensor;

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
public final class L1Loss implements Loss {
  private final Reduction reduction;

  /** With {@link Reduction#MEAN}. */
  public L1Loss() {
    this(Reduction.MEAN);
  }

  public L1Loss(Reduction reduction) {
    this.reduction = Losses.checkReduction("L1Loss", reduction);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Losses.requireSameShape("L1Loss", input, target);
    return new Fn(reduction).apply(input, target);
  }

  @Override
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return "L1Loss(reduction=" + reduction + ")";
  }

  /** Forward and backward of the absolute error. */
  private static final class Fn extends Function {
    private final Reduction reduction;
    private float[] sign; // sign(x − y)
    private int[] shape;

    Fn(Reduction reduction) {
      this.reduction = reduction;
    }

    @Override
    protected Tensor forward(Tensor... in) {
      float[] x = in[0].data();
      float[] y = in[1].data();
      shape = in[0].shape();
      sign = new float[x.length];
      float[] l = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        float d = x[i] - y[i];
        sign[i] = Math.signum(d);
        l[i] = Math.abs(d);
      }
      return Losses.reduce(l, shape, reduction, 0);
    }

    @Override
    protected Tensor[] backward(Tensor gradOut) {
      float[] d = Losses.chain(sign.clone(), gradOut, reduction, 0);
      Tensor gy = null;
      if (needsInputGrad(1)) {
        float[] n = new float[d.length];
        for (int i = 0; i < n.length; i++) {
          n[i] = -d[i];
        }
        gy = Tensor.wrap(n, shape);
      }
      return new Tensor[] {Tensor.wrap(d, shape), gy};
    }
  }
}
