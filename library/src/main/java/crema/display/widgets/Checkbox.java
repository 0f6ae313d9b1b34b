package crema.display.widgets;

/**
 * A tick box (ipywidgets' {@code Checkbox}).
 *
 * <pre>{@code
 * Checkbox l2 = new Checkbox("L2 regularisation", false);
 * if (l2.value()) { ... }
 * }</pre>
 */
public final class Checkbox extends ValueWidget<Boolean> {
  public Checkbox(String description, boolean value) {
    super("Checkbox", BOOLEAN);
    set("value", value);
    setDescription(description);
  }
}
