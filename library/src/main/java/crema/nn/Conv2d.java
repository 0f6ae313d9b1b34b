package crema.nn;

import crema.nn.ops.Conv2dFunction;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * A 2-D convolution layer, PyTorch's {@code nn.Conv2d}: {@code out_channels} learned filters of
 * {@code in_channels/groups × kh × kw} weights slide over the input; each output value is a
 * filter's dot product with one receptive field, plus the filter's bias:
 *
 * <pre>
 * out[n, o, i, j] = b[o] + Σ_{c, u, v} W[o, c, u, v] · x[n, c, i·stride − pad + u·dil, j·stride − pad + v·dil]
 * </pre>
 *
 * <p>Input {@code [N, C, H, W]} (or {@code [C, H, W]}), output {@code [N, O, OH, OW]} with {@code
 * OH = (H + 2·pad − dil·(kh − 1) − 1) / stride + 1}. {@code weight} is {@code [O, C/groups, kh,
 * kw]}, {@code bias} {@code [O]}; {@code (C/groups·kh·kw + 1)·O} parameters, the slides' {@code
 * (h·w + 1)·n_kernels} for one input channel. Computed by im2col + GEMM (see {@link
 * Conv2dFunction}).
 *
 * <pre>{@code
 * var conv = new Conv2d(1, 6, 5, 1, 2);              // LeNet's first layer, "same" padding
 * conv.forward(Tensor.randn(64, 1, 28, 28));          // [64, 6, 28, 28]
 * conv.numParameters();                               // 156 = (5·5 + 1)·6
 * }</pre>
 */
public class Conv2d extends Module {
  /** Input channels. */
  public final int inChannels;

  /** Output channels (number of filters). */
  public final int outChannels;

  /** {@code {kh, kw}}. */
  private final int[] kernelSize;

  private final int[] stride;
  private final int[] padding;
  private final int[] dilation;

  /** Channel groups: 1 is a full convolution, {@code in_channels} a depthwise one. */
  public final int groups;

  /** The filters, {@code [out, in/groups, kh, kw]}. */
  public final Parameter weight;

  /** The biases, {@code [out]}, or null without bias. */
  public final Parameter bias;

  /** A square {@code kernel×kernel} convolution, stride 1, no padding, with bias. */
  public Conv2d(int inChannels, int outChannels, int kernel) {
    this(inChannels, outChannels, kernel, 1, 0);
  }

  /** A square convolution with the given stride, no padding, with bias. */
  public Conv2d(int inChannels, int outChannels, int kernel, int stride) {
    this(inChannels, outChannels, kernel, stride, 0);
  }

  /** A square convolution with the given stride and zero padding, with bias. */
  public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding) {
    this(inChannels, outChannels, kernel, stride, padding, 1, 1, true);
  }

  /** A square convolution with every option. */
  public Conv2d(
      int inChannels,
      int outChannels,
      int kernel,
      int stride,
      int padding,
      int dilation,
      int groups,
      boolean bias) {
    this(
        inChannels,
        outChannels,
        new int[] {kernel, kernel},
        new int[] {stride, stride},
        new int[] {padding, padding},
        new int[] {dilation, dilation},
        groups,
        bias);
  }

  /** A convolution with {@code {height, width}} kernel size, stride, padding and dilation. */
  public Conv2d(
      int inChannels,
      int outChannels,
      int[] kernelSize,
      int[] stride,
      int[] padding,
      int[] dilation,
      int groups,
      boolean bias) {
    if (inChannels < 1 || outChannels < 1) {
      throw new IllegalArgumentException(
          "Conv2d: channels must be >= 1, got " + inChannels + "→" + outChannels);
    }
    if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
      throw new IllegalArgumentException(
          "Conv2d("
              + inChannels
              + "→"
              + outChannels
              + "): groups="
              + groups
              + " must divide both channel counts");
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = check("kernel_size", kernelSize, 1);
    this.stride = check("stride", stride, 1);
    this.padding = check("padding", padding, 0);
    this.dilation = check("dilation", dilation, 1);
    this.groups = groups;
    this.weight =
        new Parameter(
            Tensor.zeros(outChannels, inChannels / groups, this.kernelSize[0], this.kernelSize[1]));
    this.bias = bias ? new Parameter(Tensor.zeros(outChannels)) : null;
    Init.pytorchDefault(weight, this.bias, Rng.global());
  }

  private static int[] check(String what, int[] v, int min) {
    if (v == null || v.length != 2 || v[0] < min || v[1] < min) {
      throw new IllegalArgumentException(
          "Conv2d: " + what + " must be 2 values >= " + min + ", got " + Arrays.toString(v));
    }
    return v.clone();
  }

  /** {@code {kh, kw}}. */
  public int[] kernelSize() {
    return kernelSize.clone();
  }

  /** {@code {sh, sw}}. */
  public int[] stride() {
    return stride.clone();
  }

  /** {@code {ph, pw}}. */
  public int[] padding() {
    return padding.clone();
  }

  /** {@code {dh, dw}}. */
  public int[] dilation() {
    return dilation.clone();
  }

  @Override
  public Tensor forward(Tensor x) {
    int[] s = x.shape();
    boolean unbatched = s.length == 3;
    if ((s.length != 4 && !unbatched) || s[s.length - 3] != inChannels) {
      throw new IllegalArgumentException(
          "Conv2d("
              + inChannels
              + "→"
              + outChannels
              + ", "
              + kernelSize[0]
              + "x"
              + kernelSize[1]
              + ") expects [N, "
              + inChannels
              + ", H, W], got "
              + Arrays.toString(s));
    }
    Tensor x4 = unbatched ? x.unsqueeze(0) : x;
    var fn = new Conv2dFunction(stride, padding, dilation, groups);
    Tensor y = bias == null ? fn.apply(x4, weight) : fn.apply(x4, weight, bias);
    return unbatched ? y.squeeze(0) : y;
  }

  @Override
  protected String extraRepr() {
    var sb =
        new StringBuilder()
            .append(inChannels)
            .append(", ")
            .append(outChannels)
            .append(", kernel_size=")
            .append(tuple(kernelSize))
            .append(", stride=")
            .append(tuple(stride));
    if (padding[0] != 0 || padding[1] != 0) sb.append(", padding=").append(tuple(padding));
    if (dilation[0] != 1 || dilation[1] != 1) sb.append(", dilation=").append(tuple(dilation));
    if (groups != 1) sb.append(", groups=").append(groups);
    if (bias == null) sb.append(", bias=false");
    return sb.toString();
  }

  static String tuple(int[] v) {
    return "(" + v[0] + ", " + v[1] + ")";
  }
}
