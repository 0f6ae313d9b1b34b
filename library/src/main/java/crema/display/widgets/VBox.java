package crema.display.widgets;

/**
 * Widgets one below the other (ipywidgets' {@code VBox}).
 *
 * <pre>{@code
 * display(new VBox(slider, image));
 * }</pre>
 */
public final class VBox extends Box {
  public VBox(Widget... children) {
    super("VBox", children);
  }
}
