package crema.nn.ops;

/**
 * A tensor {@code [..., k]} read as rows of its last dimension: {@code N = numel / k} rows of
 * {@code k} values, one after the other in its row-major array. The row-wise ops (the linear maps,
 * the feed-forward block) take any leading shape this way and give their result the same leading
 * shape, so that neither side needs a reshape, which in this library copies the whole array.
 */
final class TokenRows {
  private TokenRows() {}

  /** {@code N}: the product of every size but the last (1 for a vector). */
  static int count(int[] shape) {
    int n = 1;
    for (int i = 0; i < shape.length - 1; i++) n *= shape[i];
    return n;
  }

  /** {@code shape} with its last size replaced by {@code last}: {@code [..., k] -> [..., last]}. */
  static int[] withLast(int[] shape, int last) {
    int[] s = shape.clone();
    s[s.length - 1] = last;
    return s;
  }
}
