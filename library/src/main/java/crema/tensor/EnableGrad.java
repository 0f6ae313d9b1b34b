package crema.tensor;

/**
 * A scope in which operations record the autograd graph even where a {@link NoGrad} scope is open
 * around it, like {@code with torch.enable_grad():}.
 *
 * <pre>{@code
 * try (var off = Tensor.noGrad()) {
 *   Tensor logits = model.forward(x);            // evaluation: no graph
 *   try (var on = Tensor.enableGrad()) {
 *     Tensor img = x.detach().requiresGrad(true);
 *     model.forward(img).sum().backward();       // a saliency map needs the graph back
 *   }
 * }
 * }</pre>
 *
 * <p>Per thread, as {@link NoGrad}; closing it restores the mode in force when it was opened.
 */
public final class EnableGrad implements AutoCloseable {
  private final boolean previous;
  private boolean closed;

  EnableGrad() {
    previous = NoGrad.isEnabled();
    NoGrad.set(true);
  }

  /** Restores the grad mode that was in force when this scope was opened. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      NoGrad.set(previous);
    }
  }

  @Override
  public String toString() {
    return "EnableGrad(closed=" + closed + ")";
  }
}
