package crema.display.widgets;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;

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
    super("Checkbox");
    set("value", value);
    setDescription(description);
  }

  @Override
  protected Boolean decode(JsonElement json) {
    return json.getAsBoolean();
  }

  @Override
  protected JsonElement encode(Boolean value) {
    return new JsonPrimitive(value);
  }
}
