package crema.viz;

import crema.nn.Sequential;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * What a convolutional layer sees: the activations of each of its channels for one input, as a grid
 * of colour-mapped maps on one shared scale with a scale bar. Bright = strong response.
 *
 * <pre>{@code
 * Tensor act = conv1.forward(image);                  // [1, 6, 28, 28]
 * FeatureMaps.of(act).title("conv1");                 // 6 maps, viridis, scale bar
 * }</pre>
 *
 * <p>To capture the activation of a layer inside a {@code Sequential}, run the layers up to it
 * ({@code model.get(0)}, {@code model.get(1)}, ...) on the input and pass the result here.
 */
public final class FeatureMaps {
  private FeatureMaps() {}

  /**
   * The channels of an activation {@code [C, H, W]}, {@code [1, C, H, W]} or a single map {@code
   * [H, W]}. For a batch {@code [N, C, H, W]} the first sample is shown.
   */
  public static ChannelGrid of(Tensor activation) {
    int[] s = activation.shape();
    float[] d = activation.toFloatArray();
    return switch (s.length) {
      case 2 -> new ChannelGrid(d, 1, s[0], s[1]).title("feature map");
      case 3 -> new ChannelGrid(d, s[0], s[1], s[2]).title("feature maps");
      case 4 ->
          new ChannelGrid(Arrays.copyOf(d, s[1] * s[2] * s[3]), s[1], s[2], s[3])
              .title(s[0] == 1 ? "feature maps" : "feature maps of sample 0 of " + s[0]);
      default ->
          throw new IllegalArgumentException(
              "FeatureMaps: need an activation [C, H, W] or [N, C, H, W], got "
                  + Arrays.toString(s));
    };
  }

  /**
   * The output of layer {@code layer} of {@code model} for {@code input}: the layers {@code 0 ..
   * layer} run on the input (in eval mode, without gradients; the mode is restored), and the
   * result's channels are shown. Give the input with its batch dimension, e.g. {@code [1, 1, 28,
   * 28]}.
   *
   * <pre>{@code
   * FeatureMaps.of(lenet, 1, image);      // after the first conv and its activation
   * }</pre>
   */
  public static ChannelGrid of(Sequential model, int layer, Tensor input) {
    if (layer < 0 || layer >= model.size()) {
      throw new IllegalArgumentException(
          "FeatureMaps: layer " + layer + " out of range, the model has " + model.size());
    }
    boolean training = model.isTraining();
    model.eval();
    Tensor x = input;
    try (var g = Tensor.noGrad()) {
      for (int i = 0; i <= layer; i++) {
        x = model.get(i).forward(x);
      }
    } finally {
      model.train(training);
    }
    if (x.dim() < 3) {
      throw new IllegalArgumentException(
          "FeatureMaps: layer "
              + layer
              + " ("
              + model.get(layer)
              + ") outputs "
              + Arrays.toString(x.shape())
              + ", not channels of maps");
    }
    return of(x).title("layer " + layer + ": " + model.get(layer));
  }

  /** The channels of an activation given as {@code channels} maps of {@code h × w}. */
  public static ChannelGrid of(float[] activation, int channels, int h, int w) {
    return new ChannelGrid(activation, channels, h, w).title("feature maps");
  }
}
