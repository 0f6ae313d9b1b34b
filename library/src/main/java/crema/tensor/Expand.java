package crema.tensor;

/**
 * Broadcasts a tensor to a larger shape (size-1 dimensions stretched, leading ones added), as a
 * copy. Backward: the gradient summed back over the stretched dimensions.
 */
final class Expand extends Function {
  private final int[] target;
  private int[] inShape;

  Expand(int[] target) {
    this.target = target;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    inShape = in[0].shapeRef();
    return Tensor.wrap(Reduce.expand(in[0].data(), inShape, target), target);
  }

  @Override
  protected Tensor[] backward(Tensor g) {
    return new Tensor[] {Function.reduceToShape(g, inShape)};
  }
}
