package crema.nn;

import crema.tensor.Rng;
import crema.tensor.Tensor;

/**
 * Dropout, PyTorch's {@code nn.Dropout}: in training, each element is zeroed with probability
 * {@code p} and the others are scaled by {@code 1/(1−p)}; in evaluation ({@link Module#eval()}) it
 * is the identity. A regulariser: the network cannot rely on any single unit. No parameters.
 *
 * <p>The mask is drawn from {@link Rng#global()} (seed it with {@code Rng.manualSeed}), or from the
 * generator given to the constructor, so that runs are reproducible.
 *
 * <pre>{@code
 * var drop = new Dropout(0.5);
 * drop.forward(Tensor.ones(2, 4));          // about half zeros, the rest 2.0
 * drop.eval().forward(Tensor.ones(2, 4));   // all ones
 * }</pre>
 */
public class Dropout extends Module {
  private final float p;
  private final transient Rng rng;

  /** Drops with probability {@code p}, drawing from the global generator. */
  public Dropout(double p) {
    this(p, null);
  }

  /** Drops with probability {@code p}, drawing from {@code rng} (null: the global generator). */
  public Dropout(double p, Rng rng) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("Dropout: probability must be in [0, 1], got " + p);
    }
    this.p = (float) p;
    this.rng = rng;
  }

  /** The drop probability. */
  public float p() {
    return p;
  }

  @Override
  public Tensor forward(Tensor x) {
    return F.dropout(x, p, isTraining(), rng == null ? Rng.global() : rng);
  }

  @Override
  protected String extraRepr() {
    return "p=" + p;
  }
}
