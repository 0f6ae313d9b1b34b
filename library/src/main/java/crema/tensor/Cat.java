package crema.tensor;

import crema.backend.ArrayPool;
import java.util.Arrays;

/**
 * Concatenation along dimension {@code dim}. Every input has the same shape except in {@code dim}.
 * Viewing each input as {@code [outer, n_k * inner]}, the output row {@code o} is the rows {@code
 * o} of the inputs laid end to end. Backward: each input gets its own slice of the gradient.
 */
final class Cat extends Function {
  private final int dim;
  private final boolean stack;
  private int[][] shapes; // the inputs' shapes, as seen by the loop (with the new 1 for stack)
  private int[][] original;

  Cat(int dim, boolean stack) {
    this.dim = dim;
    this.stack = stack;
  }

  @Override
  public String name() {
    return stack ? "Stack" : "Cat";
  }

  private static int[] withOne(int[] s, int d) {
    int[] r = new int[s.length + 1];
    for (int i = 0, j = 0; i < r.length; i++) {
      r[i] = i == d ? 1 : s[j++];
    }
    return r;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    original = new int[in.length][];
    shapes = new int[in.length][];
    for (int k = 0; k < in.length; k++) {
      original[k] = in[k].shapeRef();
      shapes[k] = stack ? withOne(original[k], dim) : original[k];
    }
    int[] s0 = shapes[0];
    int total = 0;
    for (int k = 0; k < in.length; k++) {
      int[] s = shapes[k];
      boolean ok = s.length == s0.length;
      for (int d = 0; ok && d < s.length; d++) {
        ok = d == dim || s[d] == s0[d];
      }
      if (!ok) {
        throw new IllegalArgumentException(
            "cat: shapes "
                + Shapes.str(original[0])
                + " and "
                + Shapes.str(original[k])
                + " (tensor "
                + k
                + ") differ outside dimension "
                + dim);
      }
      total += s[dim];
    }
    int[] out = s0.clone();
    out[dim] = total;
    int outer = Shapes.prod(s0, 0, dim);
    int inner = Shapes.prod(s0, dim + 1, s0.length);
    float[] y = ArrayPool.take(Shapes.numel(out));
    int rowLen = total * inner;
    int col = 0;
    for (int k = 0; k < in.length; k++) {
      int w = shapes[k][dim] * inner;
      float[] x = in[k].data();
      for (int o = 0; o < outer; o++) {
        System.arraycopy(x, o * w, y, o * rowLen + col, w);
      }
      col += w;
    }
    return Tensor.wrap(y, out);
  }

  @Override
  protected Tensor[] backward(Tensor g) {
    int[] gs = g.shapeRef();
    int outer = Shapes.prod(gs, 0, dim);
    int inner = Shapes.prod(gs, dim + 1, gs.length);
    int rowLen = gs[dim] * inner;
    float[] gd = g.data();
    Tensor[] r = new Tensor[shapes.length];
    int col = 0;
    for (int k = 0; k < shapes.length; k++) {
      int w = shapes[k][dim] * inner;
      if (needsInputGrad(k)) {
        float[] dx = ArrayPool.take(outer * w);
        for (int o = 0; o < outer; o++) {
          System.arraycopy(gd, o * rowLen + col, dx, o * w, w);
        }
        r[k] = Tensor.wrap(dx, Arrays.copyOf(original[k], original[k].length));
      }
      col += w;
    }
    return r;
  }
}
