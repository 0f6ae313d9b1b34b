package crema.kernel.protocol;

/** A message the kernel refuses: bad signature, malformed JSON, missing parts, or a replay. */
public final class MessageRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  public MessageRejectedException(String reason) {
    super(reason);
  }
}
