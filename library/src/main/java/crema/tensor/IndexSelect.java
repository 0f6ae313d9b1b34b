package crema.tensor;

import crema.backend.ArrayPool;

/**
 * Gathers entries along {@code dim}: {@code y[.., j, ..] = x[.., index[j], ..]}, as {@code
 * index_select} (an embedding lookup is {@code weight.indexSelect(0, ids)}). Indices may repeat.
 * Backward: scatter-add, so a row picked twice receives both gradients.
 */
final class IndexSelect extends Function {
  private final int dim;
  private final int[] index;
  private int[] inShape;

  IndexSelect(int dim, int[] index) {
    this.dim = dim;
    this.index = index;
  }

  /** Checks indices against the size of {@code dim}; negative ones count from the end. */
  static int[] check(int[] index, int[] shape, int dim) {
    int n = shape[dim];
    int[] r = new int[index.length];
    for (int j = 0; j < index.length; j++) {
      int i = index[j] < 0 ? index[j] + n : index[j];
      if (i < 0 || i >= n) {
        throw new IndexOutOfBoundsException(
            "indexSelect: index "
                + index[j]
                + " (position "
                + j
                + ") is out of range for dimension "
                + dim
                + " of size "
                + n
                + " (shape "
                + Shapes.str(shape)
                + ")");
      }
      r[j] = i;
    }
    return r;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    inShape = in[0].shapeRef();
    int outer = Shapes.prod(inShape, 0, dim);
    int inner = Shapes.prod(inShape, dim + 1, inShape.length);
    int n = inShape[dim];
    int m = index.length;
    float[] x = in[0].data();
    float[] y = ArrayPool.take(outer * m * inner);
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < m; j++) {
        System.arraycopy(x, (o * n + index[j]) * inner, y, (o * m + j) * inner, inner);
      }
    }
    int[] out = inShape.clone();
    out[dim] = m;
    return Tensor.wrap(y, out);
  }

  @Override
  protected Tensor[] backward(Tensor g) {
    int outer = Shapes.prod(inShape, 0, dim);
    int inner = Shapes.prod(inShape, dim + 1, inShape.length);
    int n = inShape[dim];
    int m = index.length;
    float[] gd = g.data();
    float[] dx = ArrayPool.take(Shapes.numel(inShape));
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < m; j++) {
        int src = (o * m + j) * inner;
        int dst = (o * n + index[j]) * inner;
        for (int i = 0; i < inner; i++) {
          dx[dst + i] += gd[src + i];
        }
      }
    }
    return new Tensor[] {Tensor.wrap(dx, inShape)};
  }
}
