package crema.nn.ops;

/**
 * Where the class dimension of class scores lies, as the classification losses read them: an input
 * {@code [N, C, d1, ...]} is {@code N × C × S} with {@code S = d1·d2·…}, and element {@code (n, c,
 * s)} sits at {@code (n·C + c)·S + s}. An input {@code [C]} is one sample ({@code N = S = 1}).
 *
 * @param n the samples
 * @param c the classes
 * @param s the positions per sample (1 for {@code [N, C]})
 * @param targetShape the shape of the class-index target: the input's without dimension 1
 */
public record ClassLayout(int n, int c, int s, int[] targetShape) {

  /** The number of class-index targets, {@code N·S}. */
  public int rows() {
    return n * s;
  }
}
