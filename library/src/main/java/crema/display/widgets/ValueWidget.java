package crema.display.widgets;

import com.google.gson.JsonElement;
import java.util.function.Consumer;

/**
 * A widget with one value the user edits (a slider's number, a checkbox's tick, a text), typed in
 * Java.
 *
 * <pre>{@code
 * FloatSlider lr = new FloatSlider("learning rate", 0.001, 1, 0.001, 0.1);
 * lr.onChange(v -> System.out.println("lr = " + v));
 * double now = lr.value();   // safe to read from a running training loop
 * }</pre>
 *
 * @param <T> the Java type of the value
 */
public abstract class ValueWidget<T> extends Widget {
  protected ValueWidget(String kind) {
    super(kind);
  }

  /** The state key that holds the value ("value", or "index" for selections). */
  protected String valueKey() {
    return "value";
  }

  /** The JSON state value as a Java value. */
  protected abstract T decode(JsonElement json);

  /** A Java value as JSON state. */
  protected abstract JsonElement encode(T value);

  /** The current value. */
  public T value() {
    return decode(get(valueKey()));
  }

  /** Sets the value; the browser shows it and observers run. */
  public void setValue(T value) {
    set(valueKey(), encode(value));
  }

  /** Runs {@code listener} with the new value after each change, from Java or the browser. */
  public ValueWidget<T> onChange(Consumer<? super T> listener) {
    observe(valueKey(), c -> listener.accept(decode(c.newValue())));
    return this;
  }

  /** Sets the label shown beside the control. */
  public void setDescription(String description) {
    set("description", description);
  }

  /** Greys the control out (or not). */
  public void setDisabled(boolean disabled) {
    set("disabled", disabled);
  }
}
