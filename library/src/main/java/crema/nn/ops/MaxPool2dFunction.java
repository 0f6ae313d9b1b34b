package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * Max pooling over 2-D windows, and min pooling, its mirror image.
 *
 * <p>Forward: {@code out[n, c, i, j] = max_{u < kh, v < kw} x[n, c, i·sh − ph + u, j·sw − pw + v]}
 * (padding never wins, as in PyTorch). The position of each winner is remembered.
 *
 * <p>Backward: the gradient flows only to the winner of each window: {@code dx[winner] += dY[n, c,
 * i, j]}; every other input gets nothing (overlapping windows may add up at one position).
 *
 * <p>Min pooling is the same with the comparison reversed: {@code min(x) = −max(−x)}, so it shares
 * this code with {@code minimum = true} instead of negating the input twice.
 *
 * <pre>{@code
 * Tensor y = new MaxPool2dFunction(2, 2, 2, 2, 0, 0, false).apply(x);   // or F.maxPool2d(x, 2)
 * }</pre>
 */
public final class MaxPool2dFunction extends Function {
  private final PoolWindow window;
  private final boolean minimum;
  private int[] inShape;
  private int[] winner; // general path: the flat input index of each output's winner
  private byte[] quadrant; // 2x2 path: the winner's offset in its window (see MaxPool2x2)

  /** Windows of {@code kh×kw}, moved by {@code sh, sw}, over an input padded by {@code ph, pw}. */
  public MaxPool2dFunction(int kh, int kw, int sh, int sw, int ph, int pw, boolean minimum) {
    this.window = PoolWindow.of(minimum ? "minPool2d" : "maxPool2d", kh, kw, sh, sw, ph, pw);
    this.minimum = minimum;
  }

  @Override
  public String name() {
    return minimum ? "MinPool2dFunction" : "MaxPool2dFunction";
  }

  @Override
  protected Tensor forward(Tensor... in) {
    inShape = in[0].shape();
    PoolGeometry pg = window.geometry(minimum ? "minPool2d" : "maxPool2d", inShape);
    float[] x = in[0].data();
    int h = pg.h(), w = pg.w(), oh = pg.oh(), ow = pg.ow();
    // Not zeroed: both kernels below write every output.
    float[] out = ArrayPool.takeUninitialised(pg.planes() * oh * ow);
    if (isTwoByTwo()) {
      quadrant = new byte[out.length];
      MaxPool2x2.forward(x, pg.planes(), h, w, minimum, out, quadrant);
    } else {
      winner = new int[out.length];
      PoolGeometry.overPlanes(
          pg.planes(),
          h * w,
          (from, to) -> {
            for (int pl = from; pl < to; pl++) poolPlane(x, out, pl, h, w, oh, ow);
          });
    }
    int[] outShape = inShape.clone();
    outShape[outShape.length - 2] = oh;
    outShape[outShape.length - 1] = ow;
    return Tensor.wrap(out, outShape);
  }

  /** The course's case, 2x2 windows with stride 2 and no padding, has a kernel of its own. */
  private boolean isTwoByTwo() {
    return window.equals(new PoolWindow(2, 2, 2, 2, 0, 0));
  }

  /** The general case: any window, stride and padding. */
  private void poolPlane(float[] x, float[] out, int pl, int h, int w, int oh, int ow) {
    int base = pl * h * w;
    int o = pl * oh * ow;
    for (int i = 0; i < oh; i++) {
      int r0 = window.rowStart(i), r1 = window.rowEnd(i, h);
      for (int j = 0; j < ow; j++, o++) {
        int c0 = window.colStart(j), c1 = window.colEnd(j, w);
        int best = base + r0 * w + c0;
        float bestV = x[best];
        for (int r = r0; r < r1; r++) {
          int row = base + r * w;
          for (int c = c0; c < c1; c++) {
            float v = x[row + c];
            // A NaN wins its window and stays, as in PyTorch ("v != v" is true only for NaN).
            if ((minimum ? v < bestV : v > bestV) || v != v) {
              bestV = v;
              best = row + c;
            }
          }
        }
        out[o] = bestV;
        winner[o] = best;
      }
    }
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] gy = gradOut.data();
    PoolGeometry pg = window.geometry(name(), inShape);
    float[] dx = ArrayPool.take(pg.planes() * pg.h() * pg.w());
    if (quadrant != null) {
      MaxPool2x2.backward(gy, quadrant, pg.planes(), pg.h(), pg.w(), dx);
    } else {
      int perOut = pg.oh() * pg.ow();
      PoolGeometry.overPlanes(
          pg.planes(),
          pg.h() * pg.w(),
          (from, to) -> {
            for (int o = from * perOut; o < to * perOut; o++) dx[winner[o]] += gy[o];
          });
    }
    return new Tensor[] {Tensor.wrap(dx, inShape)};
  }

  @Override
  public String toString() {
    return name() + "(" + window + ")";
  }
}
