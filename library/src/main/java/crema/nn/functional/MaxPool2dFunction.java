package crema.nn.functional;

import crema.tensor.Function;
import crema.tensor.Parallel;
import crema.tensor.Tensor;
import java.util.Arrays;

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
  private final int kh, kw, sh, sw, ph, pw;
  private final boolean minimum;
  private int[] inShape;
  private int[] winner;

  /** Windows of {@code kh×kw}, moved by {@code sh, sw}, over an input padded by {@code ph, pw}. */
  public MaxPool2dFunction(int kh, int kw, int sh, int sw, int ph, int pw, boolean minimum) {
    if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || ph < 0 || pw < 0) {
      throw new IllegalArgumentException(
          "maxPool2d: kernel and stride must be >= 1, padding >= 0, got kernel "
              + kh
              + "x"
              + kw
              + ", stride "
              + sh
              + "x"
              + sw
              + ", padding "
              + ph
              + "x"
              + pw);
    }
    if (ph * 2 > kh || pw * 2 > kw) {
      throw new IllegalArgumentException(
          "maxPool2d: padding "
              + ph
              + "x"
              + pw
              + " must be at most half the kernel "
              + kh
              + "x"
              + kw);
    }
    this.kh = kh;
    this.kw = kw;
    this.sh = sh;
    this.sw = sw;
    this.ph = ph;
    this.pw = pw;
    this.minimum = minimum;
  }

  @Override
  public String name() {
    return minimum ? "MinPool2dFunction" : "MaxPool2dFunction";
  }

  @Override
  protected Tensor forward(Tensor... in) {
    inShape = in[0].shape();
    String op = minimum ? "minPool2d" : "maxPool2d";
    PoolGeometry pg = PoolGeometry.of(op, inShape, kh, kw, sh, sw, ph, pw);
    float[] x = in[0].data();
    float[] out = new float[pg.planes() * pg.oh() * pg.ow()];
    winner = new int[out.length];
    int h = pg.h(), w = pg.w(), oh = pg.oh(), ow = pg.ow();
    Parallel.parallelFor(
        pg.planes(),
        Math.max(1, GRAIN / (h * w)),
        (from, to) -> {
          for (int pl = from; pl < to; pl++) {
            if (kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0) {
              pool2x2(x, out, pl, h, w, oh, ow);
            } else {
              poolPlane(x, out, pl, h, w, oh, ow);
            }
          }
        });
    int[] outShape = inShape.clone();
    outShape[outShape.length - 2] = oh;
    outShape[outShape.length - 1] = ow;
    return Tensor.wrap(out, outShape);
  }

  /** Planes per task: about this many input elements, so small inputs stay on one thread. */
  private static final int GRAIN = 1 << 15;

  /** The general case: any window, stride and padding. */
  private void poolPlane(float[] x, float[] out, int pl, int h, int w, int oh, int ow) {
    int base = pl * h * w;
    int o = pl * oh * ow;
    for (int i = 0; i < oh; i++) {
      int r0 = Math.max(0, i * sh - ph), r1 = Math.min(h, i * sh - ph + kh);
      for (int j = 0; j < ow; j++, o++) {
        int c0 = Math.max(0, j * sw - pw), c1 = Math.min(w, j * sw - pw + kw);
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

  /** The most common pooling, 2x2 windows with stride 2, without the general loop's bookkeeping. */
  private void pool2x2(float[] x, float[] out, int pl, int h, int w, int oh, int ow) {
    int base = pl * h * w;
    int o = pl * oh * ow;
    for (int i = 0; i < oh; i++) {
      int row0 = base + 2 * i * w;
      int row1 = row0 + w;
      for (int j = 0; j < ow; j++, o++) {
        int a = row0 + 2 * j, b = a + 1, c = row1 + 2 * j, d = c + 1;
        int best = a;
        float bestV = x[a];
        // A NaN wins and stays (nothing compares greater than NaN), as in PyTorch.
        if (minimum) {
          if (x[b] < bestV || x[b] != x[b]) bestV = x[best = b];
          if (x[c] < bestV || x[c] != x[c]) bestV = x[best = c];
          if (x[d] < bestV || x[d] != x[d]) bestV = x[best = d];
        } else {
          if (x[b] > bestV || x[b] != x[b]) bestV = x[best = b];
          if (x[c] > bestV || x[c] != x[c]) bestV = x[best = c];
          if (x[d] > bestV || x[d] != x[d]) bestV = x[best = d];
        }
        out[o] = bestV;
        winner[o] = best;
      }
    }
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] gy = gradOut.data();
    int n = 1;
    for (int d : inShape) n *= d;
    float[] dx = new float[n];
    for (int o = 0; o < gy.length; o++) dx[winner[o]] += gy[o];
    return new Tensor[] {Tensor.wrap(dx, inShape)};
  }

  @Override
  public String toString() {
    return name()
        + "(kernel "
        + kh
        + "x"
        + kw
        + ", stride "
        + sh
        + "x"
        + sw
        + ", padding "
        + Arrays.toString(new int[] {ph, pw})
        + ")";
  }
}
