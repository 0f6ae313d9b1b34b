package crema.nn.functional;

/**
 * The squashing functions of recurrent gates, on single floats, for the fused loops of {@link
 * LstmFunction}: {@code σ(x) = 1 / (1 + e^{−x})} and {@code tanh(x) = 2σ(2x) − 1}.
 *
 * <p>Both go through one {@code Math.exp} (an intrinsic, a few nanoseconds) evaluated in double
 * precision, so the subtraction in {@code 2σ(2x) − 1} loses nothing that a float could hold: the
 * results are within a float rounding of the exact values. {@code Math.tanh} is not an intrinsic on
 * every JDK this library runs on, and several times slower where it is not.
 *
 * <pre>{@code
 * GateMath.sigmoid(0f);   // 0.5
 * GateMath.tanh(1f);      // 0.7615942
 * }</pre>
 */
final class GateMath {
  private GateMath() {}

  /** The logistic function {@code 1 / (1 + e^{−x})}; saturates cleanly to 0 and 1. */
  static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-x)));
  }

  /** The hyperbolic tangent, as {@code 2 / (1 + e^{−2x}) − 1}. */
  static float tanh(float x) {
    return (float) (2.0 / (1.0 + Math.exp(-2.0 * x)) - 1.0);
  }
}
