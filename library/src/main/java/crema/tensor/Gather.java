package crema.tensor;

import crema.backend.ArrayPool;

/**
 * Picks one entry along {@code dim} for every position of an index tensor, as {@code torch.gather}:
 * for {@code dim = 1}, {@code y[i][j][k] = x[i][index[i][j][k]][k]}. The index has the input's rank
 * and sizes no larger than the input's outside {@code dim}; the output has the index's shape.
 * Cross-entropy uses it to pick each sample's log-probability of its target class: {@code
 * logp.gather(1, targets.unsqueeze(1))}. Backward: scatter-add of the gradient into the picked
 * positions.
 */
final class Gather extends Function {
  private final int dim;
  private final Tensor index;
  private int[] inShape;
  private int[] src; // flat input position of every output element

  Gather(int dim, Tensor index) {
    this.dim = dim;
    this.index = index;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    inShape = in[0].shapeRef();
    int[] is = index.shapeRef();
    if (is.length != inShape.length) {
      throw new IllegalArgumentException(
          "gather: index of shape "
              + Shapes.str(is)
              + " must have the same rank as the input of shape "
              + Shapes.str(inShape));
    }
    for (int d = 0; d < is.length; d++) {
      if (d != dim && is[d] > inShape[d]) {
        throw new IllegalArgumentException(
            "gather: index of shape "
                + Shapes.str(is)
                + " is larger than the input of shape "
                + Shapes.str(inShape)
                + " in dimension "
                + d);
      }
    }
    float[] idx = index.data();
    float[] x = in[0].data();
    int[] inStrides = Shapes.strides(inShape);
    src = new int[idx.length];
    float[] y = ArrayPool.take(idx.length);
    int[] pos = new int[is.length];
    for (int e = 0; e < idx.length; e++) {
      int k = (int) idx[e];
      if (k != idx[e] || k < 0 || k >= inShape[dim]) {
        throw new IndexOutOfBoundsException(
            "gather: index value "
                + idx[e]
                + " is out of range for dimension "
                + dim
                + " of size "
                + inShape[dim]
                + " (input shape "
                + Shapes.str(inShape)
                + ")");
      }
      int off = 0;
      for (int d = 0; d < is.length; d++) {
        off += (d == dim ? k : pos[d]) * inStrides[d];
      }
      src[e] = off;
      y[e] = x[off];
      for (int d = is.length - 1; d >= 0; d--) { // odometer over the index's positions
        if (++pos[d] < is[d]) {
          break;
        }
        pos[d] = 0;
      }
    }
    return Tensor.wrap(y, is);
  }

  @Override
  protected Tensor[] backward(Tensor g) {
    float[] dx = ArrayPool.take(Shapes.numel(inShape));
    float[] gd = g.data();
    for (int e = 0; e < src.length; e++) {
      dx[src[e]] += gd[e];
    }
    return new Tensor[] {Tensor.wrap(dx, inShape)};
  }
}
