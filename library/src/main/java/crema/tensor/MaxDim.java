package crema.tensor;

import crema.backend.ArrayPool;

/**
 * Maximum (or minimum) along one dimension: {@code y = max_r x[.., r, ..]}. Backward: the whole
 * gradient goes to the element that was selected (the first one on ties), 0 elsewhere, as PyTorch's
 * {@code max(dim)}. The tensor is viewed as {@code [outer, n, inner]}.
 */
final class MaxDim extends Function {
  private final int dim;
  private final boolean keepdim;
  private final boolean min;
  private int[] inShape;
  private int[] argIndex; // flat input index chosen for each output element

  MaxDim(int dim, boolean keepdim, boolean min) {
    this.dim = dim;
    this.keepdim = keepdim;
    this.min = min;
  }

  @Override
  public String name() {
    return min ? "Min" : "Max";
  }

  @Override
  protected Tensor forward(Tensor... in) {
    inShape = in[0].shapeRef();
    if (inShape.length == 0) {
      argIndex = new int[] {0};
      return Tensor.wrap(in[0].data().clone());
    }
    if (inShape[dim] == 0) {
      throw new IllegalArgumentException(
          (min ? "min" : "max")
              + ": cannot reduce over dimension "
              + dim
              + " of size 0 (shape "
              + Shapes.str(inShape)
              + ")");
    }
    float[] x = in[0].data();
    argIndex = select(x, inShape, dim, min);
    float[] y = ArrayPool.take(argIndex.length);
    for (int i = 0; i < y.length; i++) {
      y[i] = x[argIndex[i]];
    }
    return Tensor.wrap(y, outShape(inShape, dim, keepdim));
  }

  @Override
  protected Tensor[] backward(Tensor g) {
    float[] dx = ArrayPool.take(Shapes.numel(inShape));
    float[] gd = g.data();
    for (int i = 0; i < argIndex.length; i++) {
      dx[argIndex[i]] += gd[i];
    }
    return new Tensor[] {Tensor.wrap(dx, inShape)};
  }

  static int[] outShape(int[] shape, int dim, boolean keepdim) {
    boolean[] red = new boolean[shape.length];
    red[dim] = true;
    return keepdim ? Reduce.keepShape(shape, red) : Reduce.dropShape(shape, red);
  }

  /** For each output position, the flat index of the max (min) along {@code dim}; NaN wins. */
  static int[] select(float[] x, int[] shape, int dim, boolean min) {
    int outer = Shapes.prod(shape, 0, dim);
    int n = shape[dim];
    int inner = Shapes.prod(shape, dim + 1, shape.length);
    int[] idx = new int[outer * inner];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * n * inner + i;
        int best = base;
        float bv = x[base];
        for (int r = 1; r < n && !Float.isNaN(bv); r++) {
          int k = base + r * inner;
          float v = x[k];
          if (Float.isNaN(v) || (min ? v < bv : v > bv)) {
            best = k;
            bv = v;
          }
        }
        idx[o * inner + i] = best;
      }
    }
    return idx;
  }

  /** Argmax (argmin) along {@code dim} as float indices, dimension removed; not differentiable. */
  static Tensor argmax(Tensor t, int dim, boolean min) {
    int[] shape = t.shapeRef();
    if (shape.length == 0) {
      return Tensor.scalar(0);
    }
    if (shape[dim] == 0) {
      throw new IllegalArgumentException(
          (min ? "argmin" : "argmax") + ": empty dimension " + dim + " in " + Shapes.str(shape));
    }
    int[] flat = select(t.data(), shape, dim, min);
    int inner = Shapes.prod(shape, dim + 1, shape.length);
    int n = shape[dim];
    float[] r = new float[flat.length];
    for (int i = 0; i < flat.length; i++) {
      r[i] = (flat[i] / inner) % n;
    }
    return Tensor.wrap(r, outShape(shape, dim, false));
  }
}
