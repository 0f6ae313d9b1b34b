package crema.tensor;

import crema.backend.CarriedFlag;

/**
 * A scope in which operations record no autograd graph, like {@code with torch.no_grad():}.
 *
 * <pre>{@code
 * try (var g = Tensor.noGrad()) {
 *   Tensor logits = model.forward(x);   // no graph, no saved tensors: evaluation is cheaper
 * }
 * }</pre>
 *
 * <p>The grad mode is <b>per thread</b> (kept in {@link CarriedFlag}), as in PyTorch: a no-grad
 * scope on the notebook's thread does not switch off autograd for a data-loader thread. {@link
 * Parallel} passes the caller's mode on to its workers, so work split over cores behaves like the
 * caller. Scopes nest: closing one restores the mode that was in force when it was opened.
 */
public final class NoGrad implements AutoCloseable {
  private final boolean previous;
  private boolean closed;

  NoGrad() {
    previous = isEnabled();
    set(false);
  }

  /** Whether operations on this thread currently record the autograd graph. */
  public static boolean isEnabled() {
    return CarriedFlag.current()[0];
  }

  /**
   * This thread's mode as a one-element array, for {@link Function#apply}: it switches grad off
   * around every forward, and flipping a flag it already holds is cheaper than opening a scope
   * object per op (one thread-local lookup instead of three, and no allocation).
   */
  static boolean[] mode() {
    return CarriedFlag.current();
  }

  /** Sets the grad mode of this thread; prefer the try-with-resources scope. */
  static void set(boolean enabled) {
    CarriedFlag.current()[0] = enabled;
  }

  /** Restores the grad mode that was in force when this scope was opened. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      set(previous);
    }
  }

  @Override
  public String toString() {
    return "NoGrad(closed=" + closed + ")";
  }
}
