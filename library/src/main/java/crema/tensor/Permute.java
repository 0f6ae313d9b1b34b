package crema.tensor;

import crema.backend.ArrayPool;

/**
 * Reorders dimensions: output dimension {@code i} is input dimension {@code perm[i]} (transpose is
 * the permutation that swaps two). The values are copied into the new row-major order. Backward:
 * the gradient permuted by the inverse permutation.
 */
final class Permute extends Function {
  private final int[] perm;

  Permute(int[] perm) {
    this.perm = perm;
  }

  /** Validates a permutation for a shape; returns it normalised (no negative entries). */
  static int[] check(int[] perm, int[] shape) {
    if (perm.length != shape.length) {
      throw new IllegalArgumentException(
          "permute: "
              + Shapes.str(perm)
              + " has "
              + perm.length
              + " dimensions, the tensor of shape "
              + Shapes.str(shape)
              + " has "
              + shape.length);
    }
    int[] p = new int[perm.length];
    boolean[] used = new boolean[perm.length];
    for (int i = 0; i < perm.length; i++) {
      p[i] = Shapes.dim("permute", perm[i], shape.length);
      if (used[p[i]]) {
        throw new IllegalArgumentException(
            "permute: dimension " + perm[i] + " repeated in " + Shapes.str(perm));
      }
      used[p[i]] = true;
    }
    return p;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    return Tensor.wrap(
        apply(in[0].data(), in[0].shapeRef(), perm), permuted(in[0].shapeRef(), perm));
  }

  @Override
  protected Tensor[] backward(Tensor g) {
    int[] inv = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inv[perm[i]] = i;
    }
    return new Tensor[] {
      Tensor.wrap(apply(g.data(), g.shapeRef(), inv), permuted(g.shapeRef(), inv))
    };
  }

  static int[] permuted(int[] shape, int[] perm) {
    int[] s = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      s[i] = shape[perm[i]];
    }
    return s;
  }

  /** Copies {@code x} (shape {@code shape}) into the order of {@code perm}. */
  static float[] apply(float[] x, int[] shape, int[] perm) {
    int[] outShape = permuted(shape, perm);
    int[] inStrides = Shapes.strides(shape);
    int[] src = new int[perm.length]; // input stride of each output dimension
    for (int i = 0; i < perm.length; i++) {
      src[i] = inStrides[perm[i]];
    }
    float[] y = ArrayPool.take(x.length);
    // Walk the output row by row; the read side steps by the permuted stride.
    Broadcast.forEachRow(
        outShape,
        src,
        src,
        (ao, as, bo, bs, oo, len) -> {
          if (as == 1) {
            System.arraycopy(x, ao, y, oo, len);
          } else {
            for (int i = 0; i < len; i++) {
              y[oo + i] = x[ao + i * as];
            }
          }
        });
    return y;
  }
}
