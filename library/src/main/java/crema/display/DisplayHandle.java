package crema.display;

/**
 * A shown output that can be replaced in place, like IPython's {@code DisplayHandle}.
 *
 * <pre>{@code
 * DisplayHandle h = Display.display("epoch 1");
 * h.update("epoch 2");   // the same output area now says "epoch 2"
 * }</pre>
 */
public final class DisplayHandle {
  private final String displayId;

  DisplayHandle(String displayId) {
    this.displayId = displayId;
  }

  /** The Jupyter display_id shared by the original output and its updates. */
  public String displayId() {
    return displayId;
  }

  /** Replaces the shown output with the rendering of {@code value}. */
  public void update(Object value) {
    Display.publish(Renderers.render(value), displayId, true);
  }

  /** Replaces the shown output, keeping only the given MIME types (and text/plain). */
  public void update(Object value, String... mimeTypes) {
    Display.publish(Renderers.render(value).only(mimeTypes), displayId, true);
  }

  @Override
  public String toString() {
    return "DisplayHandle[" + displayId + "]";
  }
}
