package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.tensor.Tensor;

/**
 * Per-block partial sums of a weight gradient. Each block of a batch's rows adds its share into an
 * array of its own, so that no two threads write one array; then the shares are added in block
 * order, so that the result does not depend on which thread ran which block. The arrays come from
 * the pool and the spare ones go back to it at once: a transformer's backward needs twelve of them
 * per layer, every step.
 *
 * <pre>{@code
 * float[][] dw = BlockPartials.take(blocks, out * in, false); // each block's product writes its own
 * ... parallelFor over the blocks ...
 * Tensor gw = BlockPartials.gradient(needsInputGrad(1), BlockPartials.sum(dw), out, in);
 * }</pre>
 */
final class BlockPartials {
  private BlockPartials() {}

  /**
   * {@code blocks} arrays of {@code length} floats: zeroed when the blocks add into them, with
   * arbitrary contents when each block writes its array whole (a product with beta = 0).
   */
  static float[][] take(int blocks, int length, boolean zeroed) {
    float[][] parts = new float[blocks][];
    for (int c = 0; c < blocks; c++) {
      parts[c] = zeroed ? ArrayPool.take(length) : ArrayPool.takeUninitialised(length);
    }
    return parts;
  }

  /** Adds every part into the first, in block order, gives the others back; returns the first. */
  static float[] sum(float[][] parts) {
    float[] total = parts[0];
    for (int c = 1; c < parts.length; c++) {
      float[] part = parts[c];
      for (int i = 0; i < total.length; i++) total[i] += part[i];
      ArrayPool.give(part);
    }
    return total;
  }

  /** {@code values} as a gradient of {@code shape}, or back to the pool when it is not wanted. */
  static Tensor gradient(boolean wanted, float[] values, int... shape) {
    if (!wanted) {
      ArrayPool.give(values);
      return null;
    }
    return Tensor.wrap(values, shape);
  }
}
