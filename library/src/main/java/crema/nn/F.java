package crema.nn;

import crema.nn.ops.AdaptiveAvgPool2dFunction;
import crema.nn.ops.AvgPool2dFunction;
import crema.nn.ops.BatchNormFunction;
import crema.nn.ops.Conv2dFunction;
import crema.nn.ops.DropoutFunction;
import crema.nn.ops.LinearFunction;
import crema.nn.ops.MaxPool2dFunction;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * The functional form of every layer, PyTorch's {@code torch.nn.functional}: the same computation
 * with the weights passed in, for models that keep their own parameters. Everything here is
 * differentiable.
 *
 * <pre>{@code
 * Tensor h = F.relu(F.conv2d(x, w1, b1, 1, 2));
 * h = F.maxPool2d(h, 2);
 * Tensor logits = F.linear(F.flatten(h), w2, b2);
 * }</pre>
 */
public final class F {
  private F() {}

  // ------------------------------------------------------------------ dense and convolution

  /**
   * {@code x·Wᵀ + b} for {@code x [..., in]}, {@code weight [out, in]}, {@code bias [out]} or null.
   */
  public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
    int[] s = x.shape();
    if (s.length == 0) {
      throw new IllegalArgumentException("linear: input must have at least 1 dimension, got []");
    }
    // LinearFunction reads any leading shape in place, [..., in] -> [..., out].
    return bias == null
        ? new LinearFunction().apply(x, weight)
        : new LinearFunction().apply(x, weight, bias);
  }

  /** 2-D convolution with a square stride and padding, no dilation, one group. */
  public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
    return conv2d(x, weight, bias, stride, padding, 1, 1);
  }

  /**
   * 2-D convolution of {@code x [N, C, H, W]} with {@code weight [O, C/groups, kh, kw]} and {@code
   * bias [O]} (or null). See {@link Conv2dFunction}.
   */
  public static Tensor conv2d(
      Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
    var fn =
        new Conv2dFunction(
            new int[] {stride, stride},
            new int[] {padding, padding},
            new int[] {dilation, dilation},
            groups);
    return bias == null ? fn.apply(x, weight) : fn.apply(x, weight, bias);
  }

  // ------------------------------------------------------------------ pooling

  /** Max pooling with non-overlapping {@code kernel×kernel} windows. */
  public static Tensor maxPool2d(Tensor x, int kernel) {
    return maxPool2d(x, kernel, kernel, 0);
  }

  /** Max pooling over {@code kernel×kernel} windows. See {@link MaxPool2dFunction}. */
  public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
    return new MaxPool2dFunction(kernel, kernel, stride, stride, padding, padding, false).apply(x);
  }

  /** Min pooling with non-overlapping {@code kernel×kernel} windows. */
  public static Tensor minPool2d(Tensor x, int kernel) {
    return minPool2d(x, kernel, kernel, 0);
  }

  /** Min pooling over {@code kernel×kernel} windows: {@code −maxPool2d(−x)}. */
  public static Tensor minPool2d(Tensor x, int kernel, int stride, int padding) {
    return new MaxPool2dFunction(kernel, kernel, stride, stride, padding, padding, true).apply(x);
  }

  /** Average pooling with non-overlapping {@code kernel×kernel} windows. */
  public static Tensor avgPool2d(Tensor x, int kernel) {
    return avgPool2d(x, kernel, kernel, 0);
  }

  /** Average pooling over {@code kernel×kernel} windows (padding counted as zeros). */
  public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) {
    return new AvgPool2dFunction(kernel, kernel, stride, stride, padding, padding).apply(x);
  }

  /** Adaptive average pooling to an {@code oh×ow} output. */
  public static Tensor adaptiveAvgPool2d(Tensor x, int oh, int ow) {
    return new AdaptiveAvgPool2dFunction(oh, ow).apply(x);
  }

  // ------------------------------------------------------------------ normalisation, dropout

  /**
   * Batch normalisation over channel 1. In training, uses the batch statistics and updates {@code
   * runningMean}, {@code runningVar} and {@code numBatchesTracked} in place (any may be null); in
   * evaluation, uses the running statistics. {@code weight} and {@code bias} may both be null.
   */
  public static Tensor batchNorm(
      Tensor x,
      Tensor runningMean,
      Tensor runningVar,
      Tensor numBatchesTracked,
      Tensor weight,
      Tensor bias,
      boolean training,
      double momentum,
      double eps) {
    if ((weight == null) != (bias == null)) {
      throw new IllegalArgumentException("batchNorm: give both weight and bias, or neither");
    }
    var fn =
        new BatchNormFunction(runningMean, runningVar, numBatchesTracked, training, momentum, eps);
    return weight == null ? fn.apply(x) : fn.apply(x, weight, bias);
  }

  /**
   * Dropout with probability {@code p} when {@code training}, else the identity (global generator).
   */
  public static Tensor dropout(Tensor x, double p, boolean training) {
    return dropout(x, p, training, Rng.global());
  }

  /** Dropout with probability {@code p} when {@code training}, drawing from {@code rng}. */
  public static Tensor dropout(Tensor x, double p, boolean training, Rng rng) {
    if (!training || p == 0) return x;
    return new DropoutFunction((float) p, rng).apply(x);
  }

  // ------------------------------------------------------------------ activations

  /** {@code max(0, x)}. */
  public static Tensor relu(Tensor x) {
    return x.relu();
  }

  /** {@code x} for {@code x ≥ 0}, else {@code slope·x}. */
  public static Tensor leakyRelu(Tensor x, double slope) {
    return x.leakyRelu((float) slope);
  }

  /** {@code x} for {@code x > 0}, else {@code α·(e^x − 1)}. */
  public static Tensor elu(Tensor x, double alpha) {
    return x.elu((float) alpha);
  }

  /** {@code 1 / (1 + e^(−x))}. */
  public static Tensor sigmoid(Tensor x) {
    return x.sigmoid();
  }

  /** The hyperbolic tangent. */
  public static Tensor tanh(Tensor x) {
    return x.tanh();
  }

  /** {@code e^(x_i) / Σ_j e^(x_j)} along {@code dim}. */
  public static Tensor softmax(Tensor x, int dim) {
    return x.softmax(dim);
  }

  /** {@code x_i − log Σ_j e^(x_j)} along {@code dim}. */
  public static Tensor logSoftmax(Tensor x, int dim) {
    return x.logSoftmax(dim);
  }

  /**
   * Maxout over groups of {@code pieces} consecutive features: {@code [N, out·pieces] → [N, out]},
   * each output the maximum of its group.
   */
  public static Tensor maxout(Tensor x, int pieces) {
    int[] s = x.shape();
    if (s.length != 2 || pieces < 1 || s[1] % pieces != 0) {
      throw new IllegalArgumentException(
          "maxout: expects [N, out·pieces] with pieces=" + pieces + ", got " + Arrays.toString(s));
    }
    return x.reshape(s[0], s[1] / pieces, pieces).max(2, false);
  }

  // ------------------------------------------------------------------ shape

  /** Flattens every dimension after the first: {@code [N, ...] → [N, prod(...)]}. */
  public static Tensor flatten(Tensor x) {
    return flatten(x, 1, -1);
  }

  /** Flattens dimensions {@code startDim..endDim} (inclusive; negative counts from the end). */
  public static Tensor flatten(Tensor x, int startDim, int endDim) {
    return x.reshape(Flatten.flattenedShape(x.shape(), startDim, endDim));
  }
}
