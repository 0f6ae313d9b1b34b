package crema.tensor;

/**
 * Sum (or mean) over some dimensions, with or without keepdim: {@code y = sum_{reduced} x}, or that
 * divided by the number {@code N} of reduced elements. Backward: every input element contributed
 * once, so {@code dL/dx} is {@code g} (or {@code g / N}) broadcast back over the reduced
 * dimensions.
 */
final class Sum extends Function {
  private final String op;
  private final int[] dims;
  private final boolean keepdim;
  private final boolean mean;
  private int[] inShape;
  private int[] keepShape;
  private float divisor;

  Sum(String op, int[] dims, boolean keepdim, boolean mean) {
    this.op = op;
    this.dims = dims.clone();
    this.keepdim = keepdim;
    this.mean = mean;
  }

  @Override
  public String name() {
    return mean ? "Mean" : "Sum";
  }

  @Override
  protected Tensor forward(Tensor... in) {
    Tensor x = in[0];
    inShape = x.shapeRef();
    boolean[] red = x.reducedDims(op, dims);
    int[] norm = new int[dims.length];
    int count = 1;
    for (int i = 0, j = 0; i < red.length; i++) {
      if (red[i]) {
        norm[j++] = i;
        count *= inShape[i];
      }
    }
    keepShape = Reduce.keepShape(inShape, red);
    float[] s = Reduce.sumDims(x, norm).data();
    divisor = mean ? count : 1f;
    if (mean) {
      if (count == 0) {
        java.util.Arrays.fill(s, Float.NaN); // mean of nothing, as PyTorch
      } else {
        for (int i = 0; i < s.length; i++) {
          s[i] /= divisor;
        }
      }
    }
    return Tensor.wrap(s, keepdim ? keepShape : Reduce.dropShape(inShape, red));
  }

  @Override
  protected Tensor[] backward(Tensor g) {
    float[] dx = Reduce.expand(g.data(), keepShape, inShape);
    if (divisor != 1f) {
      for (int i = 0; i < dx.length; i++) {
        dx[i] /= divisor;
      }
    }
    return new Tensor[] {Tensor.wrap(dx, inShape)};
  }
}
