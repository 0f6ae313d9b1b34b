package crema.xai;

import crema.tensor.Tensor;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * What {@link Lime} found: a weight per superpixel (how much showing it raises the class
 * probability, in the local linear surrogate) and the segmentation it refers to.
 *
 * @param segments the superpixel of every pixel, {@code int[H·W]}
 * @param weights one surrogate coefficient per superpixel
 * @param intercept the surrogate's prediction with every superpixel hidden
 * @param height image height
 * @param width image width
 */
public record LimeExplanation(
    int[] segments, double[] weights, double intercept, int height, int width) {

  /** The {@code k} superpixels with the largest positive weights, best first. */
  public int[] topSegments(int k) {
    return IntStream.range(0, weights.length)
        .boxed()
        .filter(s -> weights[s] > 0)
        .sorted(Comparator.comparingDouble((Integer s) -> -weights[s]))
        .limit(k)
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /** A {@code [H, W]} mask: 1 on the top {@code k} superpixels, 0 elsewhere. */
  public Tensor mask(int k) {
    int[] top = topSegments(k);
    float[] m = new float[segments.length];
    for (int i = 0; i < m.length; i++) {
      int s = segments[i];
      m[i] = Arrays.stream(top).anyMatch(t -> t == s) ? 1f : 0f;
    }
    return Tensor.of(m, height, width);
  }

  /** Each pixel coloured by its superpixel's weight, {@code [H, W]}: a heatmap to overlay. */
  public Tensor weightMap() {
    float[] m = new float[segments.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = (float) weights[segments[i]];
    }
    return Tensor.of(m, height, width);
  }
}
