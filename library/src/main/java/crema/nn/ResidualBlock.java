package crema.nn;

import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * The basic block of ResNet: two 3×3 convolutions with batch norm, plus a skip connection that adds
 * the block's input to its output:
 *
 * <pre>
 * y = relu( BN₂(conv₂( relu(BN₁(conv₁(x))) )) + shortcut(x) )
 * </pre>
 *
 * The shortcut is the identity, or a 1×1 convolution with batch norm when the block changes the
 * number of channels or the resolution. Because of the "+ x", the gradient reaches earlier layers
 * directly, which is what makes very deep networks trainable (slide 002).
 *
 * <pre>{@code
 * var block = new ResidualBlock(16, 32, 2);              // 16 → 32 channels, half resolution
 * Tensor y = block.forward(Tensor.randn(4, 16, 28, 28)); // [4, 32, 14, 14]
 * }</pre>
 */
public class ResidualBlock extends Module {
  public final Conv2d conv1;
  public final BatchNorm2d bn1;
  public final Conv2d conv2;
  public final BatchNorm2d bn2;

  /** The projection of the skip path, or null for the identity. */
  public final Sequential shortcut;

  /** Same channels, same resolution: the identity shortcut. */
  public ResidualBlock(int channels) {
    this(channels, channels, 1);
  }

  public ResidualBlock(int inChannels, int outChannels, int stride) {
    this.conv1 = new Conv2d(inChannels, outChannels, 3, stride, 1, 1, 1, false);
    this.bn1 = new BatchNorm2d(outChannels);
    this.conv2 = new Conv2d(outChannels, outChannels, 3, 1, 1, 1, 1, false);
    this.bn2 = new BatchNorm2d(outChannels);
    this.shortcut =
        stride != 1 || inChannels != outChannels
            ? new Sequential(
                new Conv2d(inChannels, outChannels, 1, stride, 0, 1, 1, false),
                new BatchNorm2d(outChannels))
            : null;
  }

  @Override
  public Tensor forward(Tensor x) {
    if (x.dim() != 4 || x.size(1) != conv1.inChannels) {
      throw new IllegalArgumentException(
          "ResidualBlock("
              + conv1.inChannels
              + "→"
              + conv1.outChannels
              + ") expects [N, "
              + conv1.inChannels
              + ", H, W], got "
              + Arrays.toString(x.shape()));
    }
    Tensor out = bn2.forward(conv2.forward(bn1.forward(conv1.forward(x)).relu()));
    Tensor skip = shortcut == null ? x : shortcut.forward(x);
    return out.add(skip).relu();
  }
}
