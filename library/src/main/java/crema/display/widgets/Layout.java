package crema.display.widgets;

/**
 * The CSS layout of a widget ({@code width}, {@code height}, {@code margin}, {@code border_*}, flex
 * and grid keys), as ipywidgets' {@code Layout}.
 *
 * <pre>{@code
 * slider.layout().set("width", "400px");
 * }</pre>
 */
public final class Layout extends Widget {
  Layout() {
    super(WidgetDefaults.layout());
  }

  @Override
  protected boolean nullable(String key) {
    return true;
  }
}
