package crema.display.widgets;

import java.util.function.Consumer;

/**
 * A one-line text field (ipywidgets' {@code Text}).
 *
 * <pre>{@code
 * Text name = new Text("name", "");
 * name.onSubmit(s -> System.out.println("hello " + s));   // on Enter
 * }</pre>
 */
public final class Text extends ValueWidget<String> {
  public Text(String description, String value) {
    super("Text", STRING);
    set("value", value);
    setDescription(description);
  }

  /** Grey text shown while the field is empty. */
  public Text placeholder(String placeholder) {
    set("placeholder", placeholder);
    return this;
  }

  /** Runs {@code listener} with the text when the user presses Enter. */
  public Text onSubmit(Consumer<String> listener) {
    onEvent("submit", c -> listener.accept(value()));
    return this;
  }
}
