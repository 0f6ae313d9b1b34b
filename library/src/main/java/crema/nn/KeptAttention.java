package crema.nn;

import crema.tensor.Tensor;

/**
 * The attention weights that a {@link TransformerEncoderLayer} shows through {@code
 * lastAttention()}, kept apart from the training step's graph.
 *
 * <p>Why a copy: while training, the weights {@code [B, H, T, T]} are a tensor that the step's
 * graph saves for backward, and they are the largest activation of the block (0.8 MB per layer at
 * batch 64, 4 heads, 28 tokens). Kept as they are, they could never go back to the pool, and every
 * step allocated them afresh. So the layer copies them into a buffer of its own, reused from step
 * to step, and lets the graph release the original. Once {@link #latest()} has handed the buffer
 * out, the next step copies into a new one, so a tensor a user holds never changes. Without a graph
 * ({@code noGrad}, a model that requires no gradient) nothing would release the weights, and they
 * are kept as they are, without a copy.
 */
final class KeptAttention {
  private float[] buffer;
  private boolean handedOut;
  private Tensor latest;

  /**
   * Keeps {@code weights} as the latest ones; returns them, marked to go back to the pool with the
   * graph when a graph records them.
   */
  Tensor keep(Tensor weights) {
    if (weights.gradFn() == null) {
      latest = weights.detach();
      return weights;
    }
    float[] values = weights.data();
    if (buffer == null || buffer.length != values.length || handedOut) {
      buffer = new float[values.length];
      handedOut = false;
    }
    System.arraycopy(values, 0, buffer, 0, values.length);
    latest = Tensor.wrap(buffer, weights.shape());
    return weights.releaseWithGraph();
  }

  /** The latest weights (no graph), or null before the first forward pass. */
  Tensor latest() {
    if (latest != null && latest.data() == buffer) {
      handedOut = true;
    }
    return latest;
  }
}
