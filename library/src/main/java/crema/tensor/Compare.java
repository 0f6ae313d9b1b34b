package crema.tensor;

import crema.backend.ArrayPool;

/**
 * Elementwise comparisons ({@code gt lt ge le eq}) with broadcasting. They give 0/1 masks and no
 * gradient (a step function has derivative 0 almost everywhere), so they are plain kernels, not
 * {@link Function}s: the result is a fresh leaf.
 */
final class Compare {
  static final int GT = 0;
  static final int LT = 1;
  static final int GE = 2;
  static final int LE = 3;
  static final int EQ = 4;

  private Compare() {}

  static Tensor apply(String op, Tensor a, Tensor b, int kind) {
    int[] shape = Shapes.broadcast(op, a.shapeRef(), b.shapeRef());
    float[] x = a.data();
    float[] y = b.data();
    float[] z = ArrayPool.take(Shapes.numel(shape));
    Broadcast.run(
        a.shapeRef(),
        b.shapeRef(),
        shape,
        (ao, as, bo, bs, oo, len) -> {
          for (int i = 0; i < len; i++) {
            float p = x[ao + i * as];
            float q = y[bo + i * bs];
            boolean r;
            switch (kind) {
              case GT:
                r = p > q;
                break;
              case LT:
                r = p < q;
                break;
              case GE:
                r = p >= q;
                break;
              case LE:
                r = p <= q;
                break;
              default:
                r = p == q;
            }
            z[oo + i] = r ? 1f : 0f;
          }
        });
    return Tensor.wrap(z, shape);
  }
}
