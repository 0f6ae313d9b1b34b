package crema.backend;

/**
 * {@code tanh} and {@code sigmoid} for the gates of the recurrent ops, in place on a run of one
 * sample's hidden units: faster than {@link ExpKernels} and accurate to what a gate needs, not to
 * the last bits of every float.
 *
 * <p>tanh is a rational function, odd over even, of degree 13 over 6 (Eigen's "fast tanh"; its
 * coefficients here are divided by the constant term of the denominator, so that the denominator
 * starts at 1), on {@code x} clamped to {@code [−c, c]}:
 *
 * <pre>
 * tanh(x) ≈ x (a₀ + a₁x² + … + a₆x¹²) / (1 + b₁x² + b₂x⁴ + b₃x⁶)
 * σ(x) = (1 + tanh(x/2)) / 2
 * tanh(0.5f) = 0.46211717f    σ(0f) = 0.5f    σ(2f) = 0.8807971f
 * </pre>
 *
 * {@code c = 7.8669815} is the smallest float at which the rational function, evaluated as below,
 * gives 1: below it the result is under 1, so {@code |tanh| <= 1} and {@code 0 <= σ <= 1}
 * everywhere, and both saturate exactly (tanh at ±1, σ at 0 below {@code x = −2c} and at 1).
 *
 * <p><b>Error:</b> tanh within 6 ulp, relative, over the whole float range; σ within 2.2e-7,
 * absolute. {@code GateKernelsTest} sweeps both. A gate is multiplied into the cell state, where an
 * error of 2e-7 in a gate moves the state by about its own rounding; a loss that takes the
 * logarithm of a sigmoid needs {@link ExpKernels}' relative bound instead ({@code σ(−20) =
 * 2.06e-9}, here 0), so {@code Tensor.sigmoid} and {@code Tensor.tanh} keep that one.
 *
 * <p>Why it is faster: the whole function is multiplies, adds, one division and a clamp, which C2
 * vectorises in one loop, where {@link ExpKernels} needs a scalar loop to build {@code 2^n} from
 * bits. In place on runs of 128 and 256 floats, JDK 25, AVX-512: 0.9-1.1 ns per element against
 * 1.6-2.1 (the clamp, Java's {@code Math.min} and {@code max} with their NaN rules, is a third of
 * it). The multiply-adds are a multiply and an add, not {@link Math#fma}, which is slow where the
 * processor has no fused multiply-add; so the results are the same floats on every machine.
 */
public final class GateKernels {
  private GateKernels() {}

  private static final float CLAMP = 7.8669815f;

  /** {@code a[from .. from+n) = tanh(a[from .. from+n))}. */
  public static void tanh(float[] a, int from, int n) {
    // One array and one index in the loop, so that C2 can vectorise it (see ExpKernels).
    for (int i = from; i < from + n; i++) a[i] = rationalTanh(a[i]);
  }

  /** {@code a[from .. from+n) = σ(a[from .. from+n))}. */
  public static void sigmoid(float[] a, int from, int n) {
    for (int i = from; i < from + n; i++) a[i] = 0.5f * rationalTanh(0.5f * a[i]) + 0.5f;
  }

  private static float rationalTanh(float v) {
    float x = Math.max(-CLAMP, Math.min(CLAMP, v)); // NaN stays NaN
    float x2 = x * x;
    float p = x2 * -5.641676E-14f + 4.0874172E-11f;
    p = x2 * p - 1.7583789E-8f;
    p = x2 * p + 1.0467499E-5f;
    p = x2 * p + 0.0030360983f;
    p = x2 * p + 0.13022554f;
    p = x2 * p + 0.9999999f;
    float q = x2 * 2.448661E-4f + 0.024222763f;
    q = x2 * q + 0.46355838f;
    q = x2 * q + 1f;
    return x * p / q;
  }
}
