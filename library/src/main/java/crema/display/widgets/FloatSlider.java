package crema.display.widgets;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;

/**
 * A slider over real numbers (ipywidgets' {@code FloatSlider}).
 *
 * <pre>{@code
 * FloatSlider lr = new FloatSlider("learning rate", 0.001, 1.0, 0.001, 0.1).format(".3f");
 * optimizer.setLearningRate(lr.value());
 * }</pre>
 *
 * <p>Values outside {@code [min, max]} are clamped.
 */
public final class FloatSlider extends ValueWidget<Double> {
  /** A slider from {@code min} to {@code max} in steps of {@code step}, at {@code value}. */
  public FloatSlider(String description, double min, double max, double step, double value) {
    super("FloatSlider", DOUBLE);
    if (!(min <= max) || !(step > 0)) {
      throw new IllegalArgumentException(
          "FloatSlider: need min <= max and step > 0, got min "
              + min
              + ", max "
              + max
              + ", step "
              + step);
    }
    set("min", min);
    set("max", max);
    set("step", step);
    set("value", value);
    setDescription(description);
  }

  /** The readout's format, a d3 format such as {@code ".3f"} or {@code ".1e"}. */
  public FloatSlider format(String d3Format) {
    set("readout_format", d3Format);
    return this;
  }

  /** Sends the value only when the mouse is released (default: while dragging). */
  public FloatSlider continuousUpdate(boolean continuous) {
    set("continuous_update", continuous);
    return this;
  }

  @Override
  protected JsonElement normalize(String key, JsonElement v) {
    if (key.equals("value")) {
      double min = get("min").getAsDouble();
      double max = get("max").getAsDouble();
      return new JsonPrimitive(Math.max(min, Math.min(max, v.getAsDouble())));
    }
    return v;
  }
}
