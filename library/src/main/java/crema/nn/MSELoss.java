package crema.nn;

import crema.tensor.Function;
import crema.tensor.Tensor;

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
public final class MSELoss implements Loss {
  private final Reduction reduction;

  /** With {@link Reduction#MEAN}. */
  public MSELoss() {
    this(Reduction.MEAN);
  }

  public MSELoss(Reduction reduction) {
    this.reduction = Losses.checkReduction("MSELoss", reduction);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Losses.requireSameShape("MSELoss", input, target);
    return new Fn(reduction).apply(input, target);
  }

  @Override
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return "MSELoss(reduction=" + reduction + ")";
  }

  /** Forward and backward of the squared error. */
  private static final class Fn extends Function {
    private final Reduction reduction;
    private float[] diff; // x − y, all that backward needs
    private int[] shape;

    Fn(Reduction reduction) {
      this.reduction = reduction;
    }

    @Override
    protected Tensor forward(Tensor... in) {
      float[] x = in[0].data();
      float[] y = in[1].data();
      shape = in[0].shape();
      diff = new float[x.length];
      float[] l = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        float d = x[i] - y[i];
        diff[i] = d;
        l[i] = d * d;
      }
      return Losses.reduce(l, shape, reduction, 0);
    }

    @Override
    protected Tensor[] backward(Tensor gradOut) {
      float[] d = new float[diff.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = 2 * diff[i];
      }
      Losses.chain(d, gradOut, reduction, 0);
      Tensor gx = Tensor.wrap(d, shape);
      Tensor gy = null;
      if (needsInputGrad(1)) {
        float[] n = new float[d.length];
        for (int i = 0; i < n.length; i++) {
          n[i] = -d[i];
        }
        gy = Tensor.wrap(n, shape);
      }
      return new Tensor[] {gx, gy};
    }
  }
}
