package crema.nn;

import crema.tensor.Tensor;

/**
 * The leaky ReLU, PyTorch's {@code nn.LeakyReLU}: {@code z} for {@code z ≥ 0}, {@code α·z}
 * otherwise (α = 0.01 by default), elementwise. Negative inputs keep a small gradient α, so units
 * cannot "die".
 *
 * <pre>{@code
 * new LeakyReLU(0.1).forward(Tensor.of(new float[] {-2, 3}, 2));   // [-0.2, 3]
 * }</pre>
 */
public class LeakyReLU extends Module {
  private final float negativeSlope;

  /** Slope 0.01 for negative inputs, as in PyTorch. */
  public LeakyReLU() {
    this(0.01);
  }

  /** The given slope for negative inputs. */
  public LeakyReLU(double negativeSlope) {
    this.negativeSlope = (float) negativeSlope;
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.leakyRelu(negativeSlope);
  }

  @Override
  protected String extraRepr() {
    return "negative_slope=" + negativeSlope;
  }
}
