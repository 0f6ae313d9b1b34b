package crema.viz;

import java.awt.Color;

/**
 * Maps a number in [0, 1] to a colour. The anchors are matplotlib's, sampled at 17 points and
 * interpolated linearly in RGB, which is visually indistinguishable from the 256-entry tables.
 *
 * <ul>
 *   <li>{@link #VIRIDIS}: perceptually uniform, the default for magnitudes (activations, counts).
 *   <li>{@link #MAGMA}: dark to light, good for saliency overlays.
 *   <li>{@link #RDBU}: diverging blue-white-red, for signed values centred on 0 (weights, filters).
 *   <li>{@link #GRAY}: black to white, for grayscale pictures.
 * </ul>
 *
 * <pre>{@code
 * Color c = ColorMap.VIRIDIS.color(0.5);   // the teal in the middle of viridis
 * }</pre>
 */
public enum ColorMap {
  VIRIDIS(
      0x440154, 0x48186a, 0x472d7b, 0x424086, 0x3b528b, 0x33638d, 0x2c728e, 0x26828e, 0x21918c,
      0x1fa088, 0x28ae80, 0x3fbc73, 0x5ec962, 0x84d44b, 0xaddc30, 0xd8e219, 0xfde725),
  MAGMA(
      0x000004, 0x0a0822, 0x1d1147, 0x36106b, 0x51127c, 0x6a1c81, 0x832681, 0x9c2e7f, 0xb73779,
      0xd0416f, 0xe75263, 0xf56b5c, 0xfc8961, 0xfea772, 0xfec488, 0xfde2a3, 0xfcfdbf),
  RDBU(
      0x053061, 0x175290, 0x2a71b2, 0x3f8ec0, 0x6bacd1, 0x9bc9e0, 0xc2ddec, 0xe0ecf3, 0xf7f6f6,
      0xfbe5d8, 0xfbccb4, 0xf5aa89, 0xe48066, 0xd05548, 0xba2832, 0x930e26, 0x67001f),
  GRAY(0x000000, 0xffffff);

  private final int[] lut = new int[256];

  ColorMap(int... anchors) {
    for (int i = 0; i < 256; i++) {
      double pos = i / 255.0 * (anchors.length - 1);
      int lo = Math.min((int) pos, anchors.length - 2);
      double f = pos - lo;
      lut[i] = mix(anchors[lo], anchors[lo + 1], f);
    }
  }

  private static int mix(int a, int b, double f) {
    int r = (int) Math.round(((a >> 16) & 255) * (1 - f) + ((b >> 16) & 255) * f);
    int g = (int) Math.round(((a >> 8) & 255) * (1 - f) + ((b >> 8) & 255) * f);
    int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
    return (r << 16) | (g << 8) | bl;
  }

  /** Whether this map is meant for signed data centred on zero. */
  public boolean diverging() {
    return this == RDBU;
  }

  /** The RGB value (0xRRGGBB) for {@code t} in [0, 1]; values outside are clamped, NaN is gray. */
  public int rgb(double t) {
    if (Double.isNaN(t)) {
      return 0x808080;
    }
    int i = (int) Math.round(Math.max(0, Math.min(1, t)) * 255);
    return lut[i];
  }

  /** The colour for {@code t} in [0, 1]. */
  public Color color(double t) {
    return new Color(rgb(t));
  }
}
