package crema.backend;

/**
 * {@code exp}, {@code sigmoid} and {@code tanh} over float arrays, accurate to the last bits: the
 * tensor ops ({@code Tensor.exp}, {@code sigmoid}, {@code tanh}, softmax) call these. The gates of
 * the recurrent ops use {@link GateKernels} instead, faster and accurate in absolute terms only.
 * About five times faster than a loop calling {@link Math#exp}, which C2 cannot vectorise.
 *
 * <p>The method is the textbook one (Cephes {@code expf}). Write {@code x = n ln2 + r} with {@code
 * n} the nearest integer to {@code x / ln2}, so that {@code |r| <= ln2 / 2}; then {@code e^x = 2^n
 * e^r}. {@code e^r - 1} is a degree-7 polynomial in {@code r}, and {@code 2^n} is made by writing
 * {@code n + 127} into the exponent bits of a float. {@code ln2} is split into a short part {@code
 * C1} (whose products with {@code n} are exact) and a correction {@code C2}, so that {@code r} is
 * accurate (Cody and Waite).
 *
 * <pre>{@code
 * exp(1) : n = 1, r = 1 - ln2 = 0.3069, e^r = 1.3591, 2^1 * 1.3591 = 2.7183
 * }</pre>
 *
 * <p><b>Error bound: at most 1 ulp for exp and 2 ulp for tanh and sigmoid</b>, relative, over the
 * whole float range ({@code ExpKernelsTest} sweeps it against {@code Math.exp} and {@code
 * Math.tanh}). Relative, not only absolute, because a loss may take the logarithm of a sigmoid:
 * {@code σ(−20) = 2.06e-9} must come out as that, not as 0 or as a value off by a factor. (The
 * rational function of {@link GateKernels} gives 0 there.)
 *
 * <p>Why the odd shape of the code: C2 vectorises a loop only if every array in it has the same
 * index ({@code p[i]}, {@code t[i]}), and not at all if the loop reinterprets bits ({@link
 * Float#intBitsToFloat}). So each chunk of 256 elements is copied into a scratch row of the calling
 * thread; the range reduction and polynomial (most of the work) run vectorised on it, and a second,
 * scalar loop only puts {@code 2^n} together. tanh uses {@code tanh(x) = m / (m + 2)} with {@code m
 * = e^{2x} - 1}, which keeps full relative accuracy near 0 because {@code e^r - 1} is computed
 * without cancellation; sigmoid is {@code 1 / (1 + e^-x)}, which is 0 below {@code x = -88.7}
 * (where {@code e^-x} overflows), as in PyTorch.
 *
 * <p>{@link #exp(float)} is the same method on one value, for loops that do more than exponentiate:
 * {@code ExpKernels.exp(-1f) = 0.36787945f}. A loop over short rows is faster exponentiating the
 * rows of a block in one call to the array kernel (the softmax of attention).
 */
public final class ExpKernels {
  private ExpKernels() {}

  private static final int CHUNK = 256;
  private static final float LOG2E = 1.44269504088896341f;
  private static final float C1 = 0.693359375f; // ln2 = C1 + C2, C1 with 9 significant bits
  private static final float C2 = -2.12194440e-4f;
  // Adding 1.5 * 2^23 rounds a float of magnitude < 2^22 to an integer, which then sits in the
  // low mantissa bits: bits(t) - bits(1.5 * 2^23) is that integer.
  private static final float ROUNDER = 12582912f;
  private static final int ROUNDER_BITS = 0x4B400000;
  // ln(2^-126): below it e^x is subnormal, and the scalar exp returns 0 (2^n is built for n >=
  // -126)
  private static final float MIN_NORMAL_EXP = -87.33654f;

  /** {@code y[i] = e^{x[i]}}; exact 0 below -103.97, infinity above 88.72, NaN stays NaN. */
  public static void exp(float[] x, float[] y) {
    exp(x, 0, 0f, y, 0, x.length);
  }

  /**
   * {@code y[yo + i] = e^{x[xo + i] - shift}} for {@code i < n}: a row of a softmax, shifted by its
   * maximum. {@code x} and {@code y} may be the same array.
   */
  public static void exp(float[] x, int xo, float shift, float[] y, int yo, int n) {
    // The calling thread's chunk rows (see Scratch), so that no call allocates.
    float[] p = Scratch.get(Scratch.EXP_ARGUMENT, CHUNK);
    float[] t = Scratch.get(Scratch.EXP_POWER, CHUNK);
    for (int c = 0; c < n; c += CHUNK) {
      int m = Math.min(CHUNK, n - c);
      System.arraycopy(x, xo + c, p, 0, m);
      expm1Reduced(p, t, m, 1f, -shift, -104f, 89f);
      for (int i = 0; i < m; i++) {
        int e = Float.floatToRawIntBits(t[i]) - ROUNDER_BITS;
        float v = p[i] + 1f;
        if (e > -127 && e < 128) {
          p[i] = v * pow2(e);
        } else { // 2^e is not a normal float: scale in two steps (to a subnormal, or infinity)
          int h = e >> 1;
          p[i] = v * pow2(h) * pow2(e - h);
        }
      }
      System.arraycopy(p, 0, y, yo + c, m);
    }
  }

  /** {@code y[i] = 1 / (1 + e^{-x[i]})}. */
  public static void sigmoid(float[] x, float[] y) {
    sigmoid(x, 0, y, 0, x.length);
  }

  /**
   * {@code a[from .. from+n) = σ(a[from .. from+n))} in place, on a run of an array. (The recurrent
   * layers' gates, which called this, use {@link GateKernels} now.)
   */
  public static void sigmoid(float[] a, int from, int n) {
    sigmoid(a, from, a, from, n);
  }

  /**
   * {@code y[yo + i] = σ(x[xo + i])} for {@code i < n}, from one array's run into another's (the
   * whole-array and in-place forms call this). {@code x} and {@code y} may be the same array.
   */
  public static void sigmoid(float[] x, int xo, float[] y, int yo, int n) {
    // The calling thread's chunk rows (see Scratch), so that no call allocates.
    float[] p = Scratch.get(Scratch.EXP_ARGUMENT, CHUNK);
    float[] t = Scratch.get(Scratch.EXP_POWER, CHUNK);
    for (int c = 0; c < n; c += CHUNK) {
      int m = Math.min(CHUNK, n - c);
      System.arraycopy(x, xo + c, p, 0, m);
      expm1Reduced(p, t, m, -1f, 0f, -88f, 89f); // -x: e^88 is finite; above 88.72 it overflows
      for (int i = 0; i < m; i++) {
        p[i] = (p[i] + 1f) * pow2(Float.floatToRawIntBits(t[i]) - ROUNDER_BITS);
      }
      for (int i = 0; i < m; i++) {
        p[i] = 1f / (1f + p[i]);
      }
      System.arraycopy(p, 0, y, yo + c, m);
    }
  }

  /** {@code y[i] = tanh(x[i])}. */
  public static void tanh(float[] x, float[] y) {
    tanh(x, 0, y, 0, x.length);
  }

  /**
   * {@code a[from .. from+n) = tanh(a[from .. from+n))} in place, like {@link #sigmoid(float[],
   * int, int)}.
   */
  public static void tanh(float[] a, int from, int n) {
    tanh(a, from, a, from, n);
  }

  /**
   * {@code y[yo + i] = tanh(x[xo + i])} for {@code i < n}, like {@link #sigmoid(float[], int,
   * float[], int, int)}.
   */
  public static void tanh(float[] x, int xo, float[] y, int yo, int n) {
    // The calling thread's chunk rows (see Scratch), so that no call allocates.
    float[] p = Scratch.get(Scratch.EXP_ARGUMENT, CHUNK);
    float[] t = Scratch.get(Scratch.EXP_POWER, CHUNK);
    for (int c = 0; c < n; c += CHUNK) {
      int m = Math.min(CHUNK, n - c);
      System.arraycopy(x, xo + c, p, 0, m);
      // |2x| <= 18 is enough: tanh(9) rounds to 1 in float.
      expm1Reduced(p, t, m, 2f, 0f, -18f, 18f);
      for (int i = 0; i < m; i++) {
        float s = pow2(Float.floatToRawIntBits(t[i]) - ROUNDER_BITS);
        p[i] = s * p[i] + (s - 1f); // e^{2x} - 1 = 2^n (e^r - 1) + (2^n - 1)
      }
      for (int i = 0; i < m; i++) {
        p[i] = p[i] / (p[i] + 2f);
      }
      System.arraycopy(p, 0, y, yo + c, m);
    }
  }

  /**
   * For {@code v = clamp(k * p[i] + b, lo, hi)}: {@code p[i] = e^r - 1} and {@code t[i]} holds
   * {@code n} in its low bits (see {@link #ROUNDER}), where {@code v = n ln2 + r}. Vectorised by
   * C2.
   */
  private static void expm1Reduced(
      float[] p, float[] t, int m, float k, float b, float lo, float hi) {
    for (int i = 0; i < m; i++) {
      float v = Math.max(lo, Math.min(hi, k * p[i] + b));
      float ti = v * LOG2E + ROUNDER;
      float n = ti - ROUNDER;
      float r = v - n * C1 - n * C2;
      p[i] = expm1Poly(r);
      t[i] = ti;
    }
  }

  /**
   * {@code e^x} for one float, {@code x <= 88}: the method of the array kernels, within 1 ulp.
   * Below -87.34 (where {@code e^x} leaves the normal floats), and so for a masked score {@code
   * -inf}, it gives exactly 0; NaN stays NaN.
   */
  public static float exp(float x) {
    if (x < MIN_NORMAL_EXP) {
      return 0f;
    }
    float t = x * LOG2E + ROUNDER; // NaN stays NaN through every step below
    float n = t - ROUNDER;
    float r = x - n * C1 - n * C2;
    return (expm1Poly(r) + 1f) * pow2(Float.floatToRawIntBits(t) - ROUNDER_BITS);
  }

  /**
   * {@code e^r - 1 = r + r^2 (1/2 + r/6 + ...)} for {@code |r| <= ln2 / 2}, minimax coefficients
   * from Cephes expf. Small enough that C2 inlines it into the vectorised loop of {@link
   * #expm1Reduced}.
   */
  private static float expm1Poly(float r) {
    float q = 1.9875691500E-4f;
    q = q * r + 1.3981999507E-3f;
    q = q * r + 8.3334519073E-3f;
    q = q * r + 4.1665795894E-2f;
    q = q * r + 1.6666665459E-1f;
    q = q * r + 5.0000001201E-1f;
    return q * (r * r) + r;
  }

  /** {@code 2^e} for {@code -126 <= e <= 127}: {@code e + 127} in the exponent bits. */
  private static float pow2(int e) {
    return Float.intBitsToFloat((e + 127) << 23);
  }
}
