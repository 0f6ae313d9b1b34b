package crema.data;

import crema.tensor.Rng;
import crema.tensor.Tensor;

/**
 * Zooms an image about its centre by a factor drawn uniformly from [minScale, maxScale]: above 1
 * magnifies (edges are cut off), below 1 shrinks (the border becomes 0). The output keeps the
 * input's size.
 *
 * <pre>{@code
 * Transform zoom = new RandomZoom(0.9, 1.1, 42);
 * }</pre>
 */
public final class RandomZoom implements Transform {
  private final double minScale;
  private final double maxScale;
  private final Rng rng;

  public RandomZoom(double minScale, double maxScale, long seed) {
    this(minScale, maxScale, new Rng(seed));
  }

  /** Draws from the global generator. */
  public RandomZoom(double minScale, double maxScale) {
    this(minScale, maxScale, Rng.global());
  }

  private RandomZoom(double minScale, double maxScale, Rng rng) {
    if (!(minScale > 0 && maxScale >= minScale)) {
      throw new IllegalArgumentException(
          "RandomZoom: need 0 < minScale <= maxScale, got " + minScale + ", " + maxScale);
    }
    this.minScale = minScale;
    this.maxScale = maxScale;
    this.rng = rng;
  }

  @Override
  public Tensor apply(Tensor x) {
    double s = minScale + rng.nextFloat() * (maxScale - minScale);
    return Images.warp(x, new double[] {1 / s, 0, 0, 1 / s}, 0, 0, "RandomZoom");
  }

  @Override
  public String toString() {
    return "RandomZoom(" + minScale + ".." + maxScale + ")";
  }
}
