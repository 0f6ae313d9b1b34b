package crema.viz;

import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * The learned weights of a layer as pictures: the kernels of a conv layer ({@code [out, in, kh,
 * kw]}), or the rows of a linear layer reshaped to the input image ({@code [out, h·w]}). Weights
 * are signed, so a diverging map is used: blue negative, white zero, red positive.
 *
 * <pre>{@code
 * Filters.of(conv1.weight);                 // [6, 1, 5, 5]: six 5×5 kernels
 * Filters.ofLinear(fc1.weight, 28, 28);     // [128, 784]: what each hidden unit looks for
 * }</pre>
 */
public final class Filters {
  private static final int MAX_INPUT_CHANNELS = 8;

  private Filters() {}

  /**
   * Kernels {@code [out, in, kh, kw]}: one row per output channel, one column per input channel
   * (the first 8 input channels when there are more).
   */
  public static ChannelGrid of(Tensor weight) {
    int[] s = weight.shape();
    if (s.length != 4) {
      throw new IllegalArgumentException(
          "Filters.of: need a conv weight [out, in, kh, kw], got "
              + Arrays.toString(s)
              + " (for a Linear weight use Filters.ofLinear(weight, h, w))");
    }
    return of(weight.toFloatArray(), s[0], s[1], s[2], s[3]);
  }

  /** Kernels {@code [out, in, kh, kw]} given as a row-major array. */
  public static ChannelGrid of(float[] weight, int out, int in, int kh, int kw) {
    if (weight.length != out * in * kh * kw) {
      throw new IllegalArgumentException(
          "Filters.of: "
              + weight.length
              + " values do not match ["
              + out
              + ", "
              + in
              + ", "
              + kh
              + ", "
              + kw
              + "]");
    }
    int shown = Math.min(in, MAX_INPUT_CHANNELS);
    int k = kh * kw;
    float[] v = new float[out * shown * k];
    String[] captions = new String[out * shown];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < shown; i++) {
        System.arraycopy(weight, (o * in + i) * k, v, (o * shown + i) * k, k);
        captions[o * shown + i] = in == 1 ? String.valueOf(o) : o + "←" + i;
      }
    }
    String title =
        "filters ["
            + out
            + ", "
            + in
            + ", "
            + kh
            + ", "
            + kw
            + "]"
            + (shown < in ? ", first " + shown + " input channels" : "");
    ChannelGrid g =
        new ChannelGrid(v, out * shown, kh, kw)
            .captions(captions)
            .colorMap(ColorMap.RDBU)
            .title(title);
    if (in > 1) {
      g.columns(shown);
    }
    return g;
  }

  /** The rows of a linear weight {@code [out, h·w]}, each reshaped to an {@code h × w} image. */
  public static ChannelGrid ofLinear(Tensor weight, int h, int w) {
    int[] s = weight.shape();
    if (s.length != 2 || s[1] != h * w) {
      throw new IllegalArgumentException(
          "Filters.ofLinear: need a weight [out, "
              + h * w
              + "] for "
              + h
              + "×"
              + w
              + " images, got "
              + Arrays.toString(s));
    }
    int out = Math.min(s[0], 64);
    float[] v = Arrays.copyOf(weight.toFloatArray(), out * h * w);
    return new ChannelGrid(v, out, h, w)
        .colorMap(ColorMap.RDBU)
        .title("weights of " + (out < s[0] ? "the first " + out + " of " : "") + s[0] + " units");
  }
}
