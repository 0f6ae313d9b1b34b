package crema.display.widgets;

import com.google.gson.JsonElement;

/**
 * A change of one state key of a widget, as observers see it.
 *
 * <pre>{@code
 * slider.observe("value", c -> System.out.println(c.name() + ": " + c.oldValue() + " -> " + c.newValue()));
 * }</pre>
 *
 * @param widget the widget that changed
 * @param name the state key, e.g. {@code "value"}
 * @param oldValue its JSON value before
 * @param newValue its JSON value now
 * @param fromFrontEnd whether the change came from the browser (a user moved the control)
 */
public record WidgetChange(
    Widget widget, String name, JsonElement oldValue, JsonElement newValue, boolean fromFrontEnd) {}
