package crema.nn.functional;

/**
 * {@code e^x} in float arithmetic for the softmax of attention, several times cheaper than {@link
 * Math#exp} (which works in double and is a call the JIT cannot unroll or vectorise).
 *
 * <p>The classic range reduction: write {@code x = n·ln 2 + r} with an integer {@code n} and {@code
 * |r| ≤ ln 2 / 2}, so that {@code e^x = 2^n · e^r}. The power of two is built directly in the
 * exponent bits of a float; {@code e^r} is a degree-6 polynomial (Cephes' {@code expf}
 * coefficients), accurate to about one unit in the last place of a float.
 *
 * <pre>{@code
 * FastExp.exp(0f);     // 1.0
 * FastExp.exp(-1f);    // 0.36787945 (Math.exp: 0.36787944117...)
 * }</pre>
 *
 * Inputs below −87.3 (including −∞) give 0, NaN gives NaN; inputs above 88.7 overflow (a softmax
 * only passes {@code x ≤ 0}).
 */
final class FastExp {
  private static final float LOG2E = 1.44269504088896341f;
  // ln 2 split in two so that n·LN2_HI is exact in float.
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  private static final float MIN = -87.33654f;
  private static final float ROUND = 12582912f;

  private FastExp() {}

  /** {@code e^x}, for {@code x ≤ 88}. */
  static float exp(float x) {
    if (x < MIN) return 0f; // e^x underflows (and a masked score, −∞, gives exactly 0)
    float t = x * LOG2E;
    // Round to nearest without a branch: adding 1.5·2^23 pushes the fraction bits out.
    float fn = (t + ROUND) - ROUND;
    int n = (int) fn;
    float r = x - fn * LN2_HI - fn * LN2_LO;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1f;
    return p * Float.intBitsToFloat((n + 127) << 23);
  }
}
