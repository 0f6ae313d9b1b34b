package crema.nn;

/**
 * Builds small ResNets from {@link ResidualBlock}s, so that the skip connections are visible in the
 * code and in {@code toString()}.
 *
 * <pre>{@code
 * Sequential net = ResNet.small(1, 10, 16, 32);   // Fashion-MNIST: 1 channel in, 10 classes out
 * // stem conv 3×3 → block(16) → block(16→32, stride 2) → global average pool → Linear(32→10)
 * }</pre>
 */
public final class ResNet {
  private ResNet() {}

  /**
   * A stem convolution to {@code widths[0]} channels, then one residual block per width (the first
   * keeps the resolution, every later one halves it), global average pooling and a linear
   * classifier.
   */
  public static Sequential small(int inChannels, int numClasses, int... widths) {
    if (widths.length == 0) {
      throw new IllegalArgumentException("ResNet.small: give at least one stage width");
    }
    var net =
        new Sequential(
            new Conv2d(inChannels, widths[0], 3, 1, 1, 1, 1, false),
            new BatchNorm2d(widths[0]),
            new ReLU());
    int channels = widths[0];
    for (int i = 0; i < widths.length; i++) {
      net.add(new ResidualBlock(channels, widths[i], i == 0 ? 1 : 2));
      channels = widths[i];
    }
    net.add(new AdaptiveAvgPool2d(1, 1));
    net.add(new Flatten());
    net.add(new Linear(channels, numClasses));
    return net;
  }
}
