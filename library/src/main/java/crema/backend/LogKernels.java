package crema.backend;

/**
 * The natural logarithm over float arrays, within 1 ulp of the correctly rounded value: the binary
 * cross-entropy's two logarithms per element call it. About four times faster than a loop calling
 * {@link Math#log}, which C2 cannot vectorise.
 *
 * <p>The method is the textbook one (Cephes {@code logf}). Write {@code x = 2^e m} with {@code m}
 * in {@code [√½, √2)}, so that {@code ln x = e ln2 + ln m}; with {@code f = m − 1} (so {@code |f|
 * <= 0.415}), {@code ln m = f − f²/2 + f³ P(f)} for a degree-8 polynomial {@code P}. {@code e} and
 * {@code m} come straight from the float's bits: subtracting the bits of {@code √½} from those of
 * {@code x} leaves {@code e} in the exponent field and {@code m}'s mantissa below it. {@code ln2}
 * is split into a short part {@code LN2_HI} (whose products with {@code e} are exact) and a
 * correction {@code LN2_LO}, as in {@link ExpKernels}.
 *
 * <pre>{@code
 * ln 10 : 10 = 2^3 · 1.25, f = 0.25, ln 1.25 = 0.22314, 3 ln2 + 0.22314 = 2.30259
 * }</pre>
 *
 * <p>Special values are {@link Math#log}'s: {@code ln 0 = −∞}, {@code ln x = NaN} for {@code x < 0}
 * and NaN, {@code ln ∞ = ∞}; these and the subnormal inputs, rare, go to {@link Math#log} itself.
 *
 * <p>Why the odd shape of the code: C2 vectorises no loop that reinterprets bits ({@link
 * Float#floatToRawIntBits}), and a loop only if all its arrays share one index. So each chunk of
 * 256 elements is split into {@code m} and {@code e} by a scalar loop into the calling thread's
 * scratch rows, and the polynomial, most of the work, runs vectorised on those rows.
 */
public final class LogKernels {
  private LogKernels() {}

  private static final int CHUNK = 256;
  private static final int SQRT_HALF_BITS = 0x3f3504f3; // √½ = 0.70710677f
  private static final int MANTISSA = 0x007fffff;
  private static final int MIN_NORMAL_BITS = 0x00800000;
  private static final int MAX_FINITE_BITS = 0x7f7fffff;
  private static final float LN2_HI = 0.693359375f; // ln2 = LN2_HI + LN2_LO, 9 significant bits
  private static final float LN2_LO = -2.12194440e-4f;

  /** {@code y[i] = ln x[i]}. */
  public static void log(float[] x, float[] y) {
    log(x, 0, y, 0, x.length);
  }

  /**
   * {@code y[yo + i] = ln x[xo + i]} for {@code i < n}. {@code x} and {@code y} may be the same
   * array.
   */
  public static void log(float[] x, int xo, float[] y, int yo, int n) {
    // The calling thread's chunk rows (see Scratch), so that no call allocates; ExpKernels uses the
    // same rows, and neither kernel calls the other.
    float[] m = Scratch.get(Scratch.EXP_ARGUMENT, CHUNK);
    float[] e = Scratch.get(Scratch.EXP_POWER, CHUNK);
    for (int c = 0; c < n; c += CHUNK) {
      int len = Math.min(CHUNK, n - c);
      boolean outside = split(x, xo + c, m, e, len);
      for (int i = 0; i < len; i++) {
        m[i] = logReduced(m[i] - 1f, e[i]);
      }
      if (outside) { // rare: Math.log itself for these (a subnormal too: its exponent field is 0)
        for (int i = 0; i < len; i++) {
          float v = x[xo + c + i];
          if (!(v >= Float.MIN_NORMAL) || v == Float.POSITIVE_INFINITY) {
            m[i] = (float) Math.log(v);
          }
        }
      }
      System.arraycopy(m, 0, y, yo + c, len);
    }
  }

  /**
   * Writes {@code m[i]} in {@code [√½, √2)} and the integer {@code e[i]} with {@code x[xo + i] =
   * 2^e m}; returns whether any element is not a positive normal float (0, negative, subnormal,
   * infinite or NaN), whose {@code m} and {@code e} are then meaningless and fixed up by the
   * caller. No branch per element: {@code (bits − MIN_NORMAL) | (MAX_FINITE − bits)} is negative
   * exactly for those, and one OR over the chunk finds them.
   */
  private static boolean split(float[] x, int xo, float[] m, float[] e, int len) {
    int outside = 0;
    for (int i = 0; i < len; i++) {
      int bits = Float.floatToRawIntBits(x[xo + i]);
      outside |= (bits - MIN_NORMAL_BITS) | (MAX_FINITE_BITS - bits);
      int d = bits - SQRT_HALF_BITS;
      m[i] = Float.intBitsToFloat((d & MANTISSA) + SQRT_HALF_BITS);
      e[i] = d >> 23;
    }
    return outside < 0;
  }

  /**
   * {@code e ln2 + ln(1 + f)} for {@code 1 + f} in {@code [√½, √2)}: Cephes {@code logf}'s minimax
   * polynomial. Small enough that C2 inlines it into the vectorised loop of {@link #log}.
   */
  private static float logReduced(float f, float e) {
    float z = f * f;
    float p = 7.0376836292E-2f;
    p = p * f - 1.1514610310E-1f;
    p = p * f + 1.1676998740E-1f;
    p = p * f - 1.2420140846E-1f;
    p = p * f + 1.4249322787E-1f;
    p = p * f - 1.6668057665E-1f;
    p = p * f + 2.0000714765E-1f;
    p = p * f - 2.4999993993E-1f;
    p = p * f + 3.3333331174E-1f;
    float r = p * f * z + e * LN2_LO - 0.5f * z;
    return f + r + e * LN2_HI;
  }
}
