package crema.display.widgets;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import java.util.List;
import java.util.function.Function;

/**
 * A choice of one option among several; the browser shows each option's label and sends back the
 * chosen index. {@link Dropdown} and {@link ToggleButtons} are the two views of it.
 *
 * @param <T> the type of the options
 */
public abstract class Selection<T> extends ValueWidget<T> {
  private final List<T> options;

  Selection(String kind, String description, List<T> options, Function<T, String> label) {
    super(kind, null);
    if (options.isEmpty()) {
      throw new IllegalArgumentException(
          kind + " \"" + description + "\" needs at least one option");
    }
    this.options = List.copyOf(options);
    set("_options_labels", this.options.stream().map(label).toList());
    set("index", 0);
    setDescription(description);
  }

  /** The options, in the order shown. */
  public List<T> options() {
    return options;
  }

  /** The index of the chosen option. */
  public int index() {
    return get("index").getAsInt();
  }

  @Override
  protected String valueKey() {
    return "index";
  }

  @Override
  protected T decode(JsonElement json) {
    return json.isJsonNull() ? null : options.get(json.getAsInt());
  }

  @Override
  protected JsonElement encode(T value) {
    int i = options.indexOf(value);
    if (i < 0) {
      throw new IllegalArgumentException(value + " is not one of the options " + options);
    }
    return new JsonPrimitive(i);
  }

  @Override
  protected boolean nullable(String key) {
    return key.equals("index");
  }

  @Override
  protected JsonElement normalize(String key, JsonElement v) {
    if (key.equals("index") && !v.isJsonNull()) {
      int i = v.getAsInt();
      if (i < 0 || i >= options.size()) {
        throw new IllegalArgumentException(
            "index " + i + " is outside the " + options.size() + " options");
      }
      return new JsonPrimitive(i);
    }
    return v.isJsonNull() ? JsonNull.INSTANCE : v;
  }
}
