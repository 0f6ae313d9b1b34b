package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.Parallel;
import crema.backend.Scratch;
import crema.tensor.Tensor;
import java.util.Arrays;

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
   * How many blocks {@code rows} rows are cut into: one per core, but none of fewer than {@code
   * grain} rows, and at least one.
   */
  static int count(int rows, int grain) {
    return Math.max(1, Math.min(Parallel.threads(), rows / grain));
  }

  /**
   * The first row of block {@code c} of {@code blocks}; block {@code c} ends where {@code c + 1}
   * starts.
   */
  static int start(int rows, int c, int blocks) {
    return (int) ((long) rows * c / blocks);
  }

  /**
   * {@code blocks} arrays of {@code length} floats: zeroed when the blocks add into them, with
   * arbitrary contents when each block writes its array whole (a product with beta = 0).
   */
  static float[][] take(int blocks, int length, boolean zeroed) {
    float[][] parts = new float[blocks][];
    for (int c = 0; c < blocks; c++) {
      parts[c] = ArrayPool.take(length, !zeroed);
    }
    return parts;
  }

  /**
   * Writes into {@code into} the column sums of rows {@code [start, start + rows)} of the row-major
   * matrix {@code m} with {@code cols} columns: a block's share of a bias gradient. The sums run in
   * this thread's own arrays ({@link Scratch#ROW}), over a copy of each row, so that the loop reads
   * and writes at one index and C2 vectorises it; {@code into}, which sits next to the other
   * blocks' shares, is written once (two threads adding into neighbouring small arrays at every row
   * share their cache lines).
   */
  static void columnSums(float[] m, int start, int rows, int cols, float[] into) {
    float[] row = Scratch.get(Scratch.ROW, cols);
    float[] sum = Scratch.get(Scratch.ROW + 1, cols);
    Arrays.fill(sum, 0, cols, 0f);
    for (int r = start; r < start + rows; r++) {
      System.arraycopy(m, r * cols, row, 0, cols);
      for (int j = 0; j < cols; j++) sum[j] += row[j];
    }
    System.arraycopy(sum, 0, into, 0, cols);
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
