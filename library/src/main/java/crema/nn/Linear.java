package crema.nn;

import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * A fully connected (dense) layer: {@code y = x·Wᵀ + b}, PyTorch's {@code nn.Linear}.
 *
 * <p>{@code weight} is {@code [out, in]} and {@code bias} {@code [out]} (PyTorch's layout), both
 * initialised uniformly on {@code ±1/√in} (see {@link Init#pytorchDefault}). The input is {@code
 * [N, in]}, or any {@code [..., in]} (the leading dimensions are kept), or {@code [in]}.
 * Parameters: {@code (in + 1)·out}.
 *
 * <pre>{@code
 * var fc = new Linear(784, 128);
 * Tensor y = fc.forward(Tensor.randn(64, 784));   // [64, 128]
 * fc.numParameters();                             // 100480 = (784 + 1)·128
 * }</pre>
 */
public class Linear extends Module {
  /** Number of input features. */
  public final int inFeatures;

  /** Number of output features. */
  public final int outFeatures;

  /** The weights, {@code [out, in]}. */
  public final Parameter weight;

  /** The bias, {@code [out]}, or null when built with {@code bias = false}. */
  public final Parameter bias;

  /** A layer with bias, initialised as PyTorch does. */
  public Linear(int inFeatures, int outFeatures) {
    this(inFeatures, outFeatures, true);
  }

  /** A layer with or without bias, initialised as PyTorch does. */
  public Linear(int inFeatures, int outFeatures, boolean bias) {
    if (inFeatures < 0 || outFeatures < 0) {
      throw new IllegalArgumentException(
          "Linear: feature counts must be >= 0, got " + inFeatures + "→" + outFeatures);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = new Parameter(Tensor.zeros(outFeatures, inFeatures));
    this.bias = bias ? new Parameter(Tensor.zeros(outFeatures)) : null;
    Init.pytorchDefault(weight, this.bias, Rng.global());
  }

  @Override
  public Tensor forward(Tensor x) {
    int[] s = x.shape();
    if (s.length == 0 || s[s.length - 1] != inFeatures) {
      throw new IllegalArgumentException(
          "Linear(" + inFeatures + "→" + outFeatures + ") got input " + Arrays.toString(s));
    }
    return F.linear(x, weight, bias);
  }

  @Override
  protected String extraRepr() {
    return "in_features="
        + inFeatures
        + ", out_features="
        + outFeatures
        + ", bias="
        + (bias != null);
  }
}
