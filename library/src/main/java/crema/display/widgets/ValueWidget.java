package crema.display.widgets;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.util.function.Consumer;
import java.util.function.Function;

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
  /** How a value type is written to and read from JSON state. */
  protected record Codec<T>(Function<JsonElement, T> decode, Function<T, JsonElement> encode) {}

  protected static final Codec<Integer> INT =
      new Codec<>(JsonElement::getAsInt, JsonPrimitive::new);
  protected static final Codec<Double> DOUBLE =
      new Codec<>(JsonElement::getAsDouble, JsonPrimitive::new);
  protected static final Codec<Boolean> BOOLEAN =
      new Codec<>(JsonElement::getAsBoolean, JsonPrimitive::new);
  protected static final Codec<String> STRING =
      new Codec<>(JsonElement::getAsString, JsonPrimitive::new);

  private final Codec<T> codec;

  /** A widget of {@code kind} whose value is converted by {@code codec}. */
  protected ValueWidget(String kind, Codec<T> codec) {
    super(kind);
    this.codec = codec;
  }

  /** The state key that holds the value ("value", or "index" for selections). */
  protected String valueKey() {
    return "value";
  }

  /** The JSON state value as a Java value. */
  protected T decode(JsonElement json) {
    return codec.decode().apply(json);
  }

  /** A Java value as JSON state. */
  protected JsonElement encode(T value) {
    return codec.encode().apply(value);
  }

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
