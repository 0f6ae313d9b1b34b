package crema.nn;

import crema.nn.ops.LayerNormFunction;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * Layer normalisation over the last dimensions, PyTorch's {@code nn.LayerNorm}:
 *
 * <pre>
 * y = (x − E[x]) / √(Var[x] + ε) · γ + β
 * </pre>
 *
 * with mean and (biased) variance taken per sample over the normalised dimensions. Unlike batch
 * norm it does not depend on the batch, so training and evaluation compute the same thing: the
 * choice of transformers.
 *
 * <pre>{@code
 * var ln = new LayerNorm(64);
 * Tensor y = ln.forward(Tensor.randn(2, 10, 64));   // each of the 20 vectors now has mean 0, var 1
 * }</pre>
 */
public class LayerNorm extends Module {
  private final int[] normalizedShape;
  public final float eps;

  /** γ, ones at first; null without elementwise affine. */
  public final Parameter weight;

  /** β, zeros at first; null without elementwise affine. */
  public final Parameter bias;

  public LayerNorm(int... normalizedShape) {
    this(normalizedShape, 1e-5f, true);
  }

  public LayerNorm(int[] normalizedShape, float eps, boolean elementwiseAffine) {
    if (normalizedShape.length == 0) {
      throw new IllegalArgumentException("LayerNorm: give the shape of the normalised dimensions");
    }
    this.normalizedShape = normalizedShape.clone();
    this.eps = eps;
    this.weight = elementwiseAffine ? new Parameter(Tensor.ones(normalizedShape)) : null;
    this.bias = elementwiseAffine ? new Parameter(Tensor.zeros(normalizedShape)) : null;
  }

  @Override
  public Tensor forward(Tensor x) {
    int[] s = x.shape();
    int k = normalizedShape.length;
    if (s.length < k
        || !Arrays.equals(Arrays.copyOfRange(s, s.length - k, s.length), normalizedShape)) {
      throw new IllegalArgumentException(
          "LayerNorm" + Arrays.toString(normalizedShape) + " got input " + Arrays.toString(s));
    }
    // One fused node (see LayerNormFunction) rather than nine small ops.
    var fn = new LayerNormFunction(weight == null ? size(normalizedShape) : weight.numel(), eps);
    return weight == null ? fn.apply(x) : fn.apply(x, weight, bias);
  }

  private static int size(int[] shape) {
    int n = 1;
    for (int d : shape) n *= d;
    return n;
  }

  @Override
  protected String extraRepr() {
    return Arrays.toString(normalizedShape).replace('[', '(').replace(']', ')')
        + ", eps="
        + eps
        + ", elementwise_affine="
        + (weight != null);
  }
}
