package crema.nn;

import crema.tensor.Tensor;

/**
 * The exponential linear unit, PyTorch's {@code nn.ELU}: {@code z} for {@code z > 0}, {@code α·(e^z
 * − 1)} otherwise, elementwise. Smooth, with negative outputs that push mean activations towards
 * zero.
 *
 * <pre>{@code
 * new ELU().forward(Tensor.of(new float[] {-1, 2}, 2));   // [-0.6321, 2]
 * }</pre>
 */
public class ELU extends Module {
  private final float alpha;

  /** α = 1, as in PyTorch. */
  public ELU() {
    this(1.0);
  }

  /** The given α. */
  public ELU(double alpha) {
    this.alpha = (float) alpha;
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.elu(alpha);
  }

  @Override
  protected String extraRepr() {
    return "alpha=" + alpha;
  }
}
