package crema.tensor;

import crema.backend.ArrayPool;
import crema.backend.Parallel;
import java.util.Arrays;

/**
 * Elements {@code start .. end-1} along {@code dim} ({@code x[:, start:end]} for dim 1). Viewing
 * the tensor as {@code [outer, n * inner]}, each output row is a contiguous piece of an input row.
 * Backward: the gradient is placed back into a zero tensor of the input's shape.
 *
 * <p>Both directions write each row of their result whole (copies and zeros), so the result is
 * taken from the pool unzeroed, and long ones are split over the cores by rows.
 */
final class Slice extends Function {
  private final int dim;
  private final int start;
  private final int end;
  private int[] inShape;

  Slice(int dim, int start, int end) {
    this.dim = dim;
    this.start = start;
    this.end = end;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    inShape = in[0].shapeRef();
    int[] out = inShape.clone();
    out[dim] = end - start;
    int outer = Shapes.prod(inShape, 0, dim);
    int inner = Shapes.prod(inShape, dim + 1, inShape.length);
    int inRow = inShape[dim] * inner;
    int w = (end - start) * inner;
    float[] x = in[0].data();
    float[] y = ArrayPool.takeUninitialised(outer * w); // every row is copied in whole
    Parallel.forRows(
        outer,
        w,
        (lo, hi) -> {
          for (int o = lo; o < hi; o++) {
            System.arraycopy(x, o * inRow + start * inner, y, o * w, w);
          }
        });
    return Tensor.wrap(y, out);
  }

  @Override
  protected Tensor[] backward(Tensor g) {
    int outer = Shapes.prod(inShape, 0, dim);
    int inner = Shapes.prod(inShape, dim + 1, inShape.length);
    int inRow = inShape[dim] * inner;
    int w = (end - start) * inner;
    float[] dx = ArrayPool.takeUninitialised(Shapes.numel(inShape));
    float[] gd = g.data();
    int before = start * inner;
    // Each row written whole, zeros around the slice's gradient, by the core that owns the row:
    // an LSTM's h_N is one step of [B, T + 2, H], so the zeros are most of it.
    Parallel.forRows(
        outer,
        inRow,
        (lo, hi) -> {
          for (int o = lo; o < hi; o++) {
            int row = o * inRow;
            Arrays.fill(dx, row, row + before, 0f);
            System.arraycopy(gd, o * w, dx, row + before, w);
            Arrays.fill(dx, row + before + w, row + inRow, 0f);
          }
        });
    return new Tensor[] {Tensor.wrap(dx, inShape)};
  }
}
