package crema.display.widgets;

/**
 * Widgets side by side (ipywidgets' {@code HBox}).
 *
 * <pre>{@code
 * display(new HBox(play, slider));
 * }</pre>
 */
public final class HBox extends Box {
  public HBox(Widget... children) {
    super("HBox", children);
  }
}
