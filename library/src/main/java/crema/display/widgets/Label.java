package crema.display.widgets;

/**
 * A line of text that the program sets, e.g. a status (ipywidgets' {@code Label}).
 *
 * <pre>{@code
 * Label status = new Label("epoch 0");
 * status.setValue("epoch 1, loss 0.41");
 * }</pre>
 */
public final class Label extends ValueWidget<String> {
  public Label(String value) {
    super("Label", STRING);
    set("value", value);
  }
}
