package crema.nn;

import crema.tensor.Tensor;

/**
 * A loss function: compares a prediction with a target and returns a differentiable tensor (a
 * scalar unless the reduction is {@link Reduction#NONE}).
 *
 * <p>Every loss keeps its forward and backward side by side in one op of {@code crema.nn.ops} (for
 * example {@code CrossEntropyLossFunction}), so a training step costs one graph node per loss. The
 * static functional forms are in {@link Losses}.
 *
 * <pre>{@code
 * Loss lossFn = new MSELoss();
 * Tensor loss = lossFn.forward(prediction, target);  // scalar
 * loss.backward();
 * }</pre>
 *
 * @see ClassificationLoss for losses that also take class indices as {@code int[]}
 */
public interface Loss {

  /**
   * Computes the loss of {@code input} against {@code target}.
   *
   * @throws IllegalArgumentException when the shapes do not fit; the message names the loss and
   *     both shapes
   */
  Tensor forward(Tensor input, Tensor target);

  /** How per-element values are reduced. */
  Reduction reduction();
}
