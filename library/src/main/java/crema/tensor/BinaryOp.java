package crema.tensor;

import crema.backend.ArrayPool;

/**
 * The shared forward of the elementwise binary ops ({@link Add}, {@link Sub}, {@link Mul}, {@link
 * Div}, {@link Maximum}, {@link Minimum}): NumPy broadcasting of the two inputs, then a row kernel
 * supplied by the subclass. Each subclass keeps its kernel and its backward together.
 *
 * <p>Backward may return gradients in the broadcast (output) shape: the engine sums them back to
 * each input's shape ({@link Function#reduceToShape}).
 */
abstract class BinaryOp extends Function {
  /** The inputs, kept for backward. */
  protected Tensor a;

  protected Tensor b;

  /**
   * Computes {@code n} outputs {@code z[zo + i] = f(x[xo + i*xs], y[yo + i*ys])} where each stride
   * is 1 (varies along the row) or 0 (broadcast: one value for the whole row).
   *
   * <p>Each kernel has a second loop for the aligned case (the offsets of the arrays that vary
   * equal {@code zo}, as for equal shapes and scalars): C2 vectorises a loop only when all its
   * arrays are indexed alike ({@code z[i] = x[i] + y[i]}), since with different offsets it cannot
   * rule out that {@code z} overlaps an input a few elements on. That loop is 3-8 times faster.
   */
  abstract void kernel(
      float[] x, int xo, int xs, float[] y, int yo, int ys, float[] z, int zo, int n);

  /** The op's name in error messages, as the user called it. */
  abstract String opName();

  @Override
  protected Tensor forward(Tensor... in) {
    a = in[0];
    b = in[1];
    int[] shape = Shapes.broadcast(opName(), a.shapeRef(), b.shapeRef());
    float[] x = a.data();
    float[] y = b.data();
    float[] z = ArrayPool.takeUninitialised(Shapes.numel(shape)); // every element, once
    Broadcast.run(
        a.shapeRef(),
        b.shapeRef(),
        shape,
        (ao, as, bo, bs, oo, len) -> kernel(x, ao, as, y, bo, bs, z, oo, len));
    return Tensor.wrap(z, shape);
  }
}
