package crema.tensor;

import crema.backend.ArrayPool;
import crema.backend.Parallel;

/**
 * The same values in a new shape (row-major order is unchanged, so it is a plain copy). Backward:
 * the gradient reshaped back to the input's shape.
 */
final class Reshape extends Function {
  private final int[] newShape;
  private int[] inShape;

  Reshape(int[] newShape) {
    this.newShape = newShape;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    inShape = in[0].shapeRef();
    float[] x = in[0].data();
    float[] y = ArrayPool.takeUninitialised(x.length);
    Parallel.forElements(x.length, (s, e) -> System.arraycopy(x, s, y, s, e - s));
    return Tensor.wrap(y, newShape);
  }

  @Override
  protected Tensor[] backward(Tensor g) {
    return new Tensor[] {Tensor.wrap(g.data(), inShape)};
  }
}
