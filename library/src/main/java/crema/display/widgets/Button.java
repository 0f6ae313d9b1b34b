package crema.display.widgets;

/**
 * A push button (ipywidgets' {@code Button}).
 *
 * <pre>{@code
 * Button step = new Button("step");
 * step.onClick(() -> trainer.step());
 * }</pre>
 */
public final class Button extends Widget {
  public Button(String description) {
    super("Button");
    set("description", description);
  }

  /** Runs {@code action} on each click (on the comm thread, also while a cell runs). */
  public Button onClick(Runnable action) {
    onEvent("click", c -> action.run());
    return this;
  }

  /** Clicks the button from Java: runs the click actions here. */
  public void click() {
    fireEvent("click", new com.google.gson.JsonObject());
  }

  /** A Font Awesome icon name, e.g. {@code "play"}. */
  public Button icon(String icon) {
    set("icon", icon);
    return this;
  }

  /** One of "primary", "success", "info", "warning", "danger" or "". */
  public Button buttonStyle(String style) {
    set("button_style", style);
    return this;
  }
}
