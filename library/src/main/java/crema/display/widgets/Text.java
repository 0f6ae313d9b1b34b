package crema.display.widgets;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
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
    super("Text");
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

  @Override
  protected String decode(JsonElement json) {
    return json.getAsString();
  }

  @Override
  protected JsonElement encode(String value) {
    return new JsonPrimitive(value);
  }
}
