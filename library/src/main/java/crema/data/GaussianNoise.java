package crema.data;

import crema.tensor.Rng;
import crema.tensor.Tensor;

/**
 * Adds independent Gaussian noise to every value: out = x + ε, ε ~ N(0, std²). Works on any shape.
 *
 * <pre>{@code
 * Transform noisy = new GaussianNoise(0.05, 42);
 * }</pre>
 */
public final class GaussianNoise implements Transform {
  private final double std;
  private final Rng rng;

  public GaussianNoise(double std, long seed) {
    this(std, new Rng(seed));
  }

  /** Draws from the global generator. */
  public GaussianNoise(double std) {
    this(std, Rng.global());
  }

  private GaussianNoise(double std, Rng rng) {
    if (!(std >= 0)) {
      throw new IllegalArgumentException("GaussianNoise: std must be >= 0, got " + std);
    }
    this.std = std;
    this.rng = rng;
  }

  @Override
  public Tensor apply(Tensor x) {
    float[] src = x.data();
    float[] dst = new float[src.length];
    for (int i = 0; i < src.length; i++) {
      double g = rng.nextGaussian();
      dst[i] = (float) (src[i] + std * g);
    }
    return Tensor.wrap(dst, x.shape());
  }

  @Override
  public String toString() {
    return "GaussianNoise(std=" + std + ")";
  }
}
