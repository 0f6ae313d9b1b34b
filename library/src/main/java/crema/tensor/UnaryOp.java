package crema.tensor;

import crema.backend.ArrayPool;

/**
 * An elementwise op of one tensor, {@code y = f(x)}, whose derivative can be written from {@code x}
 * and {@code y}: {@code dL/dx = g * f'(x)}. A subclass writes the two loops, {@link #compute} and
 * {@link #gradient}; this class keeps the input and output and makes the arrays.
 *
 * <pre>{@code
 * final class Cos extends UnaryOp {
 *   protected void compute(float[] x, float[] y) {
 *     for (int i = 0; i < x.length; i++) y[i] = (float) Math.cos(x[i]);
 *   }
 *   protected void gradient(float[] g, float[] x, float[] y, float[] dx) {
 *     for (int i = 0; i < g.length; i++) dx[i] = (float) (-g[i] * Math.sin(x[i]));
 *   }
 * }
 * }</pre>
 *
 * <p>The loops stay in the subclasses, whole: a call per element would keep the JIT from
 * vectorising them.
 */
abstract class UnaryOp extends Function {
  private Tensor in;
  private Tensor out;

  /**
   * Writes {@code y[i] = f(x[i])} for every {@code i}: {@code y} comes from the pool unzeroed, so
   * an element left out would keep an earlier step's value.
   */
  protected abstract void compute(float[] x, float[] y);

  /**
   * Writes {@code dx[i] = g[i] * f'(x[i])} for every {@code i}, where {@code y = f(x)} was computed
   * forward; {@code dx} too comes unzeroed.
   */
  protected abstract void gradient(float[] g, float[] x, float[] y, float[] dx);

  @Override
  protected final Tensor forward(Tensor... inputs) {
    in = inputs[0];
    float[] x = in.data();
    float[] y = ArrayPool.takeUninitialised(x.length); // compute writes every element
    compute(x, y);
    out = Tensor.wrap(y, in.shapeRef());
    return out;
  }

  @Override
  protected final Tensor[] backward(Tensor gradOut) {
    float[] g = gradOut.data();
    float[] dx = ArrayPool.takeUninitialised(g.length); // and so does gradient
    gradient(g, in.data(), out.data(), dx);
    return new Tensor[] {Tensor.wrap(dx, in.shapeRef())};
  }
}
