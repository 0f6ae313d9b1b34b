package crema.nn.ops;

import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * Where the matrix of one (sample, head) pair lies inside a flat array, so that attention can read
 * and write the heads in place instead of copying them out with reshape and permute.
 *
 * <p>The {@code rows × cols} matrix of sample {@code b}, head {@code h} starts at {@code offset +
 * b·batchStride + h·headStride} and its rows are {@code rowStride} floats apart (BLAS's leading
 * dimension). Two layouts cover the course:
 *
 * <pre>
 * heads first  [B, H, T, d]:              offset 0, batchStride H·T·d, headStride T·d, rowStride d
 * side by side [B, T, H·d] at column c:   offset c, batchStride T·W,   headStride d,   rowStride W
 * </pre>
 *
 * where {@code W} is the row width: {@code H·d} for a query tensor, {@code 3·H·d} for the packed
 * output of a self-attention input projection (Q at column 0, K at {@code H·d}, V at {@code
 * 2·H·d}).
 *
 * <pre>{@code
 * HeadLayout k = HeadLayout.sideBySide(28, 192, 64, 16);   // K inside qkv [B, 28, 192], 4 heads of 16
 * int start = k.at(b, h);                                  // first value of K for (b, h)
 * }</pre>
 *
 * @param offset index of the first value of sample 0, head 0
 * @param batchStride distance between samples
 * @param headStride distance between heads
 * @param rowStride distance between rows of one matrix
 */
public record HeadLayout(int offset, int batchStride, int headStride, int rowStride) {
  /** {@code [B, H, rows, cols]}, contiguous. */
  public static HeadLayout headsFirst(int heads, int rows, int cols) {
    return new HeadLayout(0, heads * rows * cols, rows * cols, cols);
  }

  /**
   * {@code [B, rows, width]}, head {@code h} in columns {@code column + h·headDim} onwards.
   *
   * @param rows tokens per sample
   * @param width the length of a row of the tensor
   * @param column where head 0 starts within a row
   * @param headDim the columns of one head
   */
  public static HeadLayout sideBySide(int rows, int width, int column, int headDim) {
    return new HeadLayout(column, rows * width, headDim, width);
  }

  /** The index of the first value of the matrix of sample {@code b}, head {@code h}. */
  public int at(int b, int h) {
    return offset + b * batchStride + h * headStride;
  }

  /**
   * Checks that {@code batch × heads} matrices of {@code rows × cols} lie inside {@code t}.
   *
   * @throws IllegalArgumentException naming {@code what} and the shapes otherwise
   */
  void check(String what, Tensor t, int batch, int heads, int rows, int cols) {
    long last = offset + (long) (batch - 1) * batchStride + (long) (heads - 1) * headStride;
    last += (long) (rows - 1) * rowStride + cols;
    if (rowStride < cols || last > t.numel()) {
      throw new IllegalArgumentException(
          "attention: "
              + what
              + " "
              + Arrays.toString(t.shape())
              + " does not hold "
              + batch
              + "×"
              + heads
              + " matrices of "
              + rows
              + "×"
              + cols
              + " laid out as "
              + this);
    }
  }
}
