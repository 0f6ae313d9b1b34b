package crema.backend;

import java.util.Arrays;

/**
 * Errors in ulps of an array kernel against a double-precision reference, over a sweep of every
 * {@value #STRIDE}th float bit pattern of both signs: about 10 million inputs, all magnitudes from
 * subnormals to infinity. Shared by the tests of {@link ExpKernels} and {@link LogKernels}.
 */
final class UlpSweep {
  static final int STRIDE = 401;

  /** The kernel under test: {@code y[i] = f(x[i])}. */
  interface Kernel {
    void run(float[] x, float[] y);
  }

  /** The same function in double, rounded to float by the sweep. */
  interface Reference {
    double at(double x);
  }

  private UlpSweep() {}

  /**
   * The largest error in ulps over the inputs of the sweep in {@code [lo, hi]}; fails at once,
   * naming the input, on an error above 4 ulps.
   */
  static long worstUlps(Kernel k, Reference ref, float lo, float hi) {
    float[] x = new float[1 << 16];
    long worst = 0;
    long bits = 0;
    while (bits <= 0xFFFFFFFFL) {
      int n = 0;
      for (; n < x.length && bits <= 0xFFFFFFFFL; bits += STRIDE) {
        float v = Float.intBitsToFloat((int) bits);
        if (v >= lo && v <= hi) {
          x[n++] = v;
        }
      }
      float[] xs = Arrays.copyOf(x, n);
      float[] ys = new float[n];
      k.run(xs, ys);
      for (int i = 0; i < n; i++) {
        float want = (float) ref.at(xs[i]);
        long u = ulps(ys[i], want);
        if (u > worst) {
          worst = u;
        }
        if (u > 4) {
          throw new AssertionError("at x = " + xs[i] + ": got " + ys[i] + ", want " + want);
        }
      }
    }
    return worst;
  }

  /** The distance between two floats in units in the last place; unbounded across signs or NaN. */
  static long ulps(float a, float b) {
    if (a == b) {
      return 0;
    }
    if (Float.isNaN(a) || Float.isNaN(b) || Math.signum(a) * Math.signum(b) < 0) {
      return Long.MAX_VALUE;
    }
    return Math.abs(
        (long) Float.floatToRawIntBits(Math.abs(a)) - Float.floatToRawIntBits(Math.abs(b)));
  }
}
