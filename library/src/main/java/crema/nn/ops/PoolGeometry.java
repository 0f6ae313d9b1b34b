package crema.nn.ops;

import crema.backend.Parallel;
import java.util.Arrays;

/**
 * The sizes of a 2-D pooling: the input is {@code planes} independent {@code h×w} planes (all
 * dimensions before the last two, e.g. {@code N·C}), the output {@code oh×ow} planes, with {@code
 * oh = (h + 2·ph − kh) / sh + 1} as in PyTorch (floor mode).
 */
record PoolGeometry(int planes, int h, int w, int oh, int ow) {
  /** Planes per task: about this many input elements, so small inputs stay on one thread. */
  private static final int GRAIN = 1 << 15;

  /**
   * Runs {@code body} over the planes {@code [0, planes)}, split over the cores. Planes are
   * independent in every pooling, forward and backward: windows may overlap within a plane, never
   * across planes.
   */
  static void overPlanes(int planes, int planeSize, Parallel.Range body) {
    Parallel.parallelFor(planes, Math.max(1, GRAIN / planeSize), body);
  }

  static PoolGeometry of(String op, int[] shape, int kh, int kw, int sh, int sw, int ph, int pw) {
    if (shape.length < 3 || shape.length > 4) {
      throw new IllegalArgumentException(
          op + ": expects input [N, C, H, W] or [C, H, W], got " + Arrays.toString(shape));
    }
    int h = shape[shape.length - 2], w = shape[shape.length - 1];
    int oh = (h + 2 * ph - kh) / sh + 1, ow = (w + 2 * pw - kw) / sw + 1;
    if (h + 2 * ph < kh || w + 2 * pw < kw) {
      throw new IllegalArgumentException(
          op
              + ": kernel "
              + kh
              + "x"
              + kw
              + " is larger than the (padded) input "
              + Arrays.toString(shape));
    }
    return new PoolGeometry(planes(shape), h, w, oh, ow);
  }

  static int planes(int[] shape) {
    int p = 1;
    for (int i = 0; i < shape.length - 2; i++) p *= shape[i];
    return p;
  }
}
