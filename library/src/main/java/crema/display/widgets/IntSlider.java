package crema.display.widgets;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;

/**
 * A slider over whole numbers (ipywidgets' {@code IntSlider}).
 *
 * <pre>{@code
 * IntSlider hidden = new IntSlider("neurons", 1, 8, 4);
 * hidden.onChange(n -> rebuild(n));
 * display(hidden);
 * }</pre>
 *
 * <p>Values outside {@code [min, max]} are clamped, from Java and from the browser.
 */
public final class IntSlider extends ValueWidget<Integer> {
  /** A slider from {@code min} to {@code max} in steps of 1, starting at {@code value}. */
  public IntSlider(String description, int min, int max, int value) {
    super("IntSlider", INT);
    if (min > max) {
      throw new IllegalArgumentException("IntSlider: min " + min + " > max " + max);
    }
    set("min", min);
    set("max", max);
    set("value", value);
    setDescription(description);
  }

  /** Sets the step between values (default 1). */
  public IntSlider step(int step) {
    set("step", step);
    return this;
  }

  /** Sends the value only when the mouse is released (default: while dragging). */
  public IntSlider continuousUpdate(boolean continuous) {
    set("continuous_update", continuous);
    return this;
  }

  public int min() {
    return get("min").getAsInt();
  }

  public int max() {
    return get("max").getAsInt();
  }

  @Override
  protected JsonElement normalize(String key, JsonElement v) {
    if (key.equals("value")) {
      long x = Math.round(v.getAsDouble());
      return new JsonPrimitive((int) Math.max(min(), Math.min(max(), x)));
    }
    return v;
  }
}
