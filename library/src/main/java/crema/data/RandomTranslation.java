package crema.data;

import crema.tensor.Rng;
import crema.tensor.Tensor;

/**
 * Shifts an image by up to {@code maxFraction} of its width and height in each direction (a shift
 * drawn uniformly per axis); uncovered pixels are 0.
 *
 * <pre>{@code
 * Transform shift = new RandomTranslation(0.1, 42);   // up to ±10% of 28 px ≈ ±2.8 px
 * }</pre>
 */
public final class RandomTranslation implements Transform {
  private final double maxFraction;
  private final Rng rng;

  public RandomTranslation(double maxFraction, long seed) {
    this(maxFraction, new Rng(seed));
  }

  /** Draws from the global generator. */
  public RandomTranslation(double maxFraction) {
    this(maxFraction, Rng.global());
  }

  private RandomTranslation(double maxFraction, Rng rng) {
    if (!(maxFraction >= 0 && maxFraction <= 1)) {
      throw new IllegalArgumentException(
          "RandomTranslation: maxFraction must be in [0, 1], got " + maxFraction);
    }
    this.maxFraction = maxFraction;
    this.rng = rng;
  }

  @Override
  public Tensor apply(Tensor x) {
    int[] chw = Images.chw(x, "RandomTranslation");
    double dx = (rng.nextFloat() * 2 - 1) * maxFraction * chw[2];
    double dy = (rng.nextFloat() * 2 - 1) * maxFraction * chw[1];
    // Moving the content by +d means sampling the source at −d.
    return Images.warp(x, new double[] {1, 0, 0, 1}, -dx, -dy, "RandomTranslation");
  }

  @Override
  public String toString() {
    return "RandomTranslation(±" + maxFraction + ")";
  }
}
