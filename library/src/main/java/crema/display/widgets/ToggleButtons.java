package crema.display.widgets;

import java.util.List;
import java.util.function.Function;

/**
 * A row of buttons of which one is pressed (ipywidgets' {@code ToggleButtons}).
 *
 * <pre>{@code
 * ToggleButtons<String> data = new ToggleButtons<>("data", List.of("circle", "xor", "gauss", "spiral"));
 * }</pre>
 *
 * @param <T> the type of the options; labels are their {@code toString}
 */
public final class ToggleButtons<T> extends Selection<T> {
  public ToggleButtons(String description, List<T> options) {
    this(description, options, String::valueOf);
  }

  /** Toggle buttons whose options are labelled by {@code label}. */
  public ToggleButtons(String description, List<T> options, Function<T, String> label) {
    super("ToggleButtons", description, options, label);
  }
}
