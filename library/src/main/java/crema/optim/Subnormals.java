package crema.optim;

/**
 * Keeps an optimizer's decaying averages out of the subnormal floats, which are slow.
 *
 * <p>Why: a moving average of a gradient that stays 0 decays geometrically: Adam's first moment
 * {@code m ← β₁ m} falls below {@code 2⁻¹²⁶} (the smallest normal float) after about 850 steps at
 * β₁ = 0.9. Fashion-MNIST's blank border pixels give exactly such weights: the first layer's
 * columns for those pixels never get a gradient. Below that bound floats are subnormal, and on
 * Intel cores every operation that reads or makes one takes a microcode assist, about a hundred
 * times a normal operation; Java has no flush-to-zero mode to turn them off. An MLP's training step
 * went from 0.85 to 1.7 ms after its first 1,000 steps (the VAE lost a quarter), all of it in
 * Adam's update.
 *
 * <p>A flush in the update's own loop stops the JIT from vectorising it (the loop ran 1.6 times
 * slower). So every {@link #EVERY} steps a separate sweep sets to 0 each value small enough to turn
 * subnormal within the next {@code EVERY} steps, were its gradient 0: below {@code 2⁻¹²⁵ / β^EVERY}
 * for an average that decays by β a step ({@code 2e-35} for β = 0.9), and never above {@code 2⁻¹⁰⁰}
 * ({@code 8e-31}). A moment that small moves a weight by less than {@code 1e-20} of the learning
 * rate, so the trajectory is PyTorch's to within float rounding of such weights.
 *
 * <pre>{@code
 * if (Subnormals.due(step)) Subnormals.sweep(m, Subnormals.threshold(0.9));
 * }</pre>
 */
final class Subnormals {
  /** Steps from one sweep to the next. */
  static final int EVERY = 64;

  /** The largest value a sweep may zero: {@code 2⁻¹⁰⁰}. */
  private static final float CAP = 0x1p-100f;

  private Subnormals() {}

  /** Whether step {@code step} (counted from 1) ends with a sweep. */
  static boolean due(long step) {
    return step % EVERY == 0;
  }

  /**
   * The bound below which a sweep zeroes an average that decays by {@code decay} per step: the
   * values that a zero gradient would make subnormal before the next sweep. An average that does
   * not decay (decay 0, or 1) is swept of subnormals only.
   */
  static float threshold(double decay) {
    if (!(decay > 0 && decay < 1)) {
      return Float.MIN_NORMAL;
    }
    // Twice the bound: sixty-four float products round, and may end a hair below it.
    return (float) Math.min(2 * Float.MIN_NORMAL / Math.pow(decay, EVERY), CAP);
  }

  /** Sets to 0 the elements of {@code a} whose magnitude is below {@code threshold}. */
  static void sweep(float[] a, float threshold) {
    for (int i = 0; i < a.length; i++) {
      if (Math.abs(a[i]) < threshold) {
        a[i] = 0f;
      }
    }
  }
}
