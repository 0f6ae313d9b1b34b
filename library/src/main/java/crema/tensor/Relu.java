package crema.tensor;

import crema.backend.ArrayPool;
import crema.backend.Kernels;
import crema.backend.Parallel;

/**
 * Rectified linear unit {@code y = max(x, 0)}. Backward: {@code dL/dx = g} where {@code y > 0},
 * else 0, read from the output's sign (no mask array, and the input need not be kept).
 *
 * <p>Both passes are one streaming loop without branches; large tensors (a convolution's
 * activations, {@code [64, 32, 28, 28]} in the CNN) are split over the cores.
 */
final class Relu extends Function {
  /** Elements per task: smaller tensors stay on the calling thread. */
  private static final int GRAIN = 1 << 16;

  private Tensor out;

  @Override
  protected Tensor forward(Tensor... inputs) {
    float[] x = inputs[0].data();
    float[] y = ArrayPool.takeUninitialised(x.length);
    Parallel.parallelFor(
        x.length,
        GRAIN,
        (from, to) -> {
          for (int i = from; i < to; i++) {
            y[i] = Math.max(x[i], 0f); // vectorises; a ternary would not (and mispredicts)
          }
        });
    out = Tensor.wrap(y, inputs[0].shapeRef());
    return out;
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] g = gradOut.data();
    float[] y = out.data();
    float[] dx = ArrayPool.takeUninitialised(g.length);
    Parallel.parallelFor(
        g.length,
        GRAIN,
        (from, to) -> {
          for (int i = from; i < to; i++) dx[i] = Kernels.ifPositive(y[i], g[i]);
        });
    return new Tensor[] {Tensor.wrap(dx, out.shapeRef())};
  }
}
