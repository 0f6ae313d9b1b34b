package crema.data;

import crema.tensor.Rng;
import crema.tensor.Tensor;

/**
 * Mirrors an image left–right with probability {@code p}: out[c, y, x] = in[c, y, W−1−x].
 *
 * <pre>{@code
 * Transform flip = new RandomHorizontalFlip(0.5, 42);
 * }</pre>
 */
public final class RandomHorizontalFlip implements Transform {
  private final double p;
  private final Rng rng;

  /** Flips with probability {@code p}, drawing from a generator seeded with {@code seed}. */
  public RandomHorizontalFlip(double p, long seed) {
    this(p, new Rng(seed));
  }

  /** Flips with probability {@code p}, drawing from the global generator. */
  public RandomHorizontalFlip(double p) {
    this(p, Rng.global());
  }

  private RandomHorizontalFlip(double p, Rng rng) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("RandomHorizontalFlip: p must be in [0, 1], got " + p);
    }
    this.p = p;
    this.rng = rng;
  }

  @Override
  public Tensor apply(Tensor x) {
    int[] chw = Images.chw(x, "RandomHorizontalFlip");
    if (rng.nextFloat() >= p) {
      return x.copy();
    }
    int w = chw[2];
    float[] src = x.data();
    float[] dst = new float[src.length];
    for (int row = 0; row < chw[0] * chw[1]; row++) {
      int o = row * w;
      for (int i = 0; i < w; i++) {
        dst[o + i] = src[o + w - 1 - i];
      }
    }
    return Tensor.wrap(dst, x.shape());
  }

  @Override
  public String toString() {
    return "RandomHorizontalFlip(p=" + p + ")";
  }
}
