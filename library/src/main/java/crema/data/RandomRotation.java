package crema.data;

import crema.tensor.Rng;
import crema.tensor.Tensor;

/**
 * Rotates an image about its centre by an angle drawn uniformly from [−degrees, degrees], with
 * bilinear sampling; corners that come from outside the image are 0 (black).
 *
 * <pre>{@code
 * Transform rot = new RandomRotation(15, 42);   // ±15°
 * }</pre>
 */
public final class RandomRotation implements Transform {
  private final double degrees;
  private final Rng rng;

  public RandomRotation(double degrees, long seed) {
    this(degrees, new Rng(seed));
  }

  /** Draws from the global generator. */
  public RandomRotation(double degrees) {
    this(degrees, Rng.global());
  }

  private RandomRotation(double degrees, Rng rng) {
    if (!(degrees >= 0 && degrees <= 180)) {
      throw new IllegalArgumentException(
          "RandomRotation: degrees must be in [0, 180], got " + degrees);
    }
    this.degrees = degrees;
    this.rng = rng;
  }

  @Override
  public Tensor apply(Tensor x) {
    double angle = Math.toRadians((rng.nextFloat() * 2 - 1) * degrees);
    return rotate(x, angle);
  }

  /** Rotates counter-clockwise (on screen, y down) by {@code radians}. */
  static Tensor rotate(Tensor x, double radians) {
    double c = Math.cos(radians);
    double s = Math.sin(radians);
    // Inverse map: a screen-counter-clockwise turn by θ samples the source at R(θ)·d with y down.
    return Images.warp(x, new double[] {c, -s, s, c}, 0, 0, "RandomRotation");
  }

  @Override
  public String toString() {
    return "RandomRotation(±" + degrees + "°)";
  }
}
