package crema.data;

import crema.tensor.Rng;
import crema.tensor.Tensor;

/**
 * Mirrors an image top–bottom with probability {@code p}: out[c, y, x] = in[c, H−1−y, x].
 *
 * <pre>{@code
 * Transform flip = new RandomVerticalFlip(0.5, 42);
 * }</pre>
 */
public final class RandomVerticalFlip implements Transform {
  private final double p;
  private final Rng rng;

  /** Flips with probability {@code p}, drawing from a generator seeded with {@code seed}. */
  public RandomVerticalFlip(double p, long seed) {
    this(p, new Rng(seed));
  }

  /** Flips with probability {@code p}, drawing from the global generator. */
  public RandomVerticalFlip(double p) {
    this(p, Rng.global());
  }

  private RandomVerticalFlip(double p, Rng rng) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("RandomVerticalFlip: p must be in [0, 1], got " + p);
    }
    this.p = p;
    this.rng = rng;
  }

  @Override
  public Tensor apply(Tensor x) {
    int[] chw = Images.chw(x, "RandomVerticalFlip");
    if (rng.nextFloat() >= p) {
      return x.copy();
    }
    int h = chw[1];
    int w = chw[2];
    float[] src = x.data();
    float[] dst = new float[src.length];
    for (int c = 0; c < chw[0]; c++) {
      int base = c * h * w;
      for (int y = 0; y < h; y++) {
        System.arraycopy(src, base + (h - 1 - y) * w, dst, base + y * w, w);
      }
    }
    return Tensor.wrap(dst, x.shape());
  }

  @Override
  public String toString() {
    return "RandomVerticalFlip(p=" + p + ")";
  }
}
