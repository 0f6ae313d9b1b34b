package crema.data;

import crema.tensor.Rng;
import crema.tensor.Tensor;

/**
 * Crops a random box and resizes it back to the input size, like torchvision's {@code
 * RandomResizedCrop}: the box covers a fraction of the area drawn from [minArea, maxArea], with
 * aspect ratio drawn log-uniformly from [3/4, 4/3], at a random position; resizing is bilinear.
 *
 * <pre>{@code
 * Transform crop = new RandomResizedCrop(0.8, 1.0, 42);
 * }</pre>
 */
public final class RandomResizedCrop implements Transform {
  private final double minArea;
  private final double maxArea;
  private final Rng rng;

  public RandomResizedCrop(double minArea, double maxArea, long seed) {
    this(minArea, maxArea, new Rng(seed));
  }

  /** Draws from the global generator. */
  public RandomResizedCrop(double minArea, double maxArea) {
    this(minArea, maxArea, Rng.global());
  }

  private RandomResizedCrop(double minArea, double maxArea, Rng rng) {
    if (!(minArea > 0 && maxArea <= 1 && minArea <= maxArea)) {
      throw new IllegalArgumentException(
          "RandomResizedCrop: need 0 < minArea <= maxArea <= 1, got " + minArea + ", " + maxArea);
    }
    this.minArea = minArea;
    this.maxArea = maxArea;
    this.rng = rng;
  }

  @Override
  public Tensor apply(Tensor x) {
    int[] chw = Images.chw(x, "RandomResizedCrop");
    int h = chw[1];
    int w = chw[2];
    double area = (minArea + rng.nextFloat() * (maxArea - minArea)) * h * w;
    double logRatio = Math.log(3.0 / 4) + rng.nextFloat() * (Math.log(4.0 / 3) - Math.log(3.0 / 4));
    double ratio = Math.exp(logRatio);
    double bw = Math.min(w, Math.sqrt(area * ratio));
    double bh = Math.min(h, Math.sqrt(area / ratio));
    double x0 = rng.nextFloat() * (w - bw);
    double y0 = rng.nextFloat() * (h - bh);
    float[] out = Images.cropResize(x.data(), chw[0], h, w, x0, y0, bw, bh, h, w);
    return Tensor.wrap(out, x.shape());
  }

  @Override
  public String toString() {
    return "RandomResizedCrop(area " + minArea + ".." + maxArea + ")";
  }
}
