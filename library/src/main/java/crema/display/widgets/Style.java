package crema.display.widgets;

/**
 * The style of a widget (colours, font, {@code description_width}, {@code handle_color}), as
 * ipywidgets' style models.
 *
 * <pre>{@code
 * slider.style().set("description_width", "120px");
 * }</pre>
 */
public final class Style extends Widget {
  Style(String modelName) {
    super(WidgetDefaults.style(modelName));
  }

  @Override
  protected boolean nullable(String key) {
    return true;
  }
}
