package crema.nn;

import crema.tensor.Tensor;

/**
 * A loss over class scores whose targets are class indices. The targets may be given as an {@code
 * int[]} (one index per sample, or per position for inputs {@code [N, C, d1, ...]}), or as a tensor
 * of integral values with the input's shape minus the class dimension.
 *
 * <pre>{@code
 * ClassificationLoss lossFn = new CrossEntropyLoss();
 * Tensor loss = lossFn.forward(logits, new int[] {3, 0, 9});  // logits [3, 10]
 * }</pre>
 */
public interface ClassificationLoss extends Loss {

  /**
   * Computes the loss of class scores {@code input} ({@code [N, C]}, {@code [N, C, d1, ...]} or
   * {@code [C]}) against class indices.
   *
   * @throws IllegalArgumentException when the number of targets does not match the input, or an
   *     index lies outside {@code [0, C)} (and is not the ignore index)
   */
  Tensor forward(Tensor input, int[] targets);
}
