package crema.nn;

import crema.nn.ops.ConvTranspose2dFunction;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * Transposed convolution, PyTorch's {@code nn.ConvTranspose2d}: the layer that learns to up-sample,
 * used by decoders and GAN generators. Each input pixel paints a weighted copy of the kernel onto
 * the output, {@code stride} pixels apart:
 *
 * <pre>
 * H_out = (H − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1
 * </pre>
 *
 * {@code weight} is {@code [in, out, k, k]} (note: in before out, as in PyTorch), initialised like
 * PyTorch's (Kaiming-uniform with a = √5 on fan-in {@code out·k·k}).
 *
 * <pre>{@code
 * var up = new ConvTranspose2d(16, 8, 4, 2, 1, 0);     // doubles H and W
 * Tensor y = up.forward(Tensor.randn(1, 16, 7, 7));    // [1, 8, 14, 14]
 * }</pre>
 */
public class ConvTranspose2d extends Module {
  public final int inChannels;
  public final int outChannels;
  public final int kernel;
  public final int stride;
  public final int padding;
  public final int outputPadding;

  /** {@code [in, out, k, k]}. */
  public final Parameter weight;

  /** {@code [out]}. */
  public final Parameter bias;

  public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride) {
    this(inChannels, outChannels, kernel, stride, 0, 0);
  }

  public ConvTranspose2d(
      int inChannels, int outChannels, int kernel, int stride, int padding, int outputPadding) {
    if (inChannels <= 0 || outChannels <= 0 || kernel <= 0) {
      throw new IllegalArgumentException(
          "ConvTranspose2d: channels and kernel must be positive, got "
              + inChannels
              + "→"
              + outChannels
              + ", "
              + kernel);
    }
    new ConvTranspose2dFunction(stride, padding, outputPadding, 1); // validates the geometry
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.outputPadding = outputPadding;
    this.weight = new Parameter(Tensor.zeros(inChannels, outChannels, kernel, kernel));
    this.bias = new Parameter(Tensor.zeros(outChannels));
    // PyTorch computes the fan-in of this weight from dim 1 (out·k·k).
    double bound = 1.0 / Math.sqrt(outChannels * kernel * kernel);
    Init.uniform(weight, -bound, bound, Rng.global());
    Init.uniform(bias, -bound, bound, Rng.global());
  }

  @Override
  public Tensor forward(Tensor x) {
    int[] s = x.shape();
    if (s.length != 4 || s[1] != inChannels) {
      throw new IllegalArgumentException(
          "ConvTranspose2d("
              + inChannels
              + "→"
              + outChannels
              + ", "
              + kernel
              + "x"
              + kernel
              + ") expects [N, "
              + inChannels
              + ", H, W], got "
              + Arrays.toString(s));
    }
    return new ConvTranspose2dFunction(stride, padding, outputPadding, 1).apply(x, weight, bias);
  }

  @Override
  protected String extraRepr() {
    return inChannels
        + ", "
        + outChannels
        + ", kernel_size=("
        + kernel
        + ", "
        + kernel
        + "), stride=("
        + stride
        + ", "
        + stride
        + ")"
        + (padding > 0 ? ", padding=(" + padding + ", " + padding + ")" : "")
        + (outputPadding > 0
            ? ", output_padding=(" + outputPadding + ", " + outputPadding + ")"
            : "");
  }
}
