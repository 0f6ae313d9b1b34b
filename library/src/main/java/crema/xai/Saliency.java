package crema.xai;

import crema.nn.Module;
import crema.tensor.Rng;
import crema.tensor.Tensor;

/**
 * Gradient saliency: how much the class score {@code S_c} changes when each input pixel changes,
 * {@code |∂S_c/∂x|} (Simonyan et al., 2013). Bright pixels are those the decision is most sensitive
 * to.
 *
 * <p>SmoothGrad (Smilkov et al., 2017) averages the gradient over {@code n} noisy copies of the
 * input, {@code (1/n) Σ ∂S_c/∂x |_{x + ε_k}}, {@code ε_k ~ N(0, σ²)}, which removes much of the
 * speckle of the plain gradient.
 *
 * <pre>{@code
 * Tensor map = Saliency.of(model, image, 3);                      // same shape as image
 * Tensor smooth = Saliency.smoothGrad(model, image, 3, 25, 0.15, new Rng(0));
 * }</pre>
 */
public final class Saliency {
  private Saliency() {}

  /** {@code |∂S_target/∂x|} for one input (in eval mode, dropout off). */
  public static Tensor of(Module model, Tensor input, int target) {
    return gradient(model, input, target).abs();
  }

  /** The signed gradient {@code ∂S_target/∂x}. */
  public static Tensor gradient(Module model, Tensor input, int target) {
    Tensor x = input.detach().copy().requiresGrad(true);
    boolean wasTraining = model.isTraining();
    model.eval();
    try {
      Targets.score(model, x, target).sum().backward();
      return x.grad();
    } finally {
      model.train(wasTraining);
    }
  }

  /**
   * SmoothGrad: the mean absolute gradient over {@code samples} noisy copies, noise {@code N(0,
   * (noiseLevel·(max − min))²)} relative to the input's range.
   */
  public static Tensor smoothGrad(
      Module model, Tensor input, int target, int samples, double noiseLevel, Rng rng) {
    if (samples < 1) {
      throw new IllegalArgumentException("smoothGrad: samples must be ≥ 1, got " + samples);
    }
    float range = input.max().item() - input.min().item();
    float sigma = (float) (noiseLevel * (range > 0 ? range : 1));
    Tensor sum = Tensor.zerosLike(input);
    for (int k = 0; k < samples; k++) {
      Tensor noisy = input.add(Tensor.randn(rng, input.shape()).mul(sigma));
      sum = sum.add(gradient(model, noisy, target).abs());
    }
    return sum.div(samples);
  }
}
