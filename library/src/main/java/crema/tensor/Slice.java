package crema.tensor;

import crema.backend.ArrayPool;

/**
 * Elements {@code start .. end-1} along {@code dim} ({@code x[:, start:end]} for dim 1). Viewing
 * the tensor as {@code [outer, n * inner]}, each output row is a contiguous piece of an input row.
 * Backward: the gradient is placed back into a zero tensor of the input's shape.
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
    float[] y = ArrayPool.take(outer * w);
    for (int o = 0; o < outer; o++) {
      System.arraycopy(x, o * inRow + start * inner, y, o * w, w);
    }
    return Tensor.wrap(y, out);
  }

  @Override
  protected Tensor[] backward(Tensor g) {
    int outer = Shapes.prod(inShape, 0, dim);
    int inner = Shapes.prod(inShape, dim + 1, inShape.length);
    int inRow = inShape[dim] * inner;
    int w = (end - start) * inner;
    float[] dx = ArrayPool.take(Shapes.numel(inShape));
    float[] gd = g.data();
    for (int o = 0; o < outer; o++) {
      System.arraycopy(gd, o * w, dx, o * inRow + start * inner, w);
    }
    return new Tensor[] {Tensor.wrap(dx, inShape)};
  }
}
