package crema.display.widgets;

import java.util.List;
import java.util.function.Function;

/**
 * A drop-down list (ipywidgets' {@code Dropdown}).
 *
 * <pre>{@code
 * Dropdown<String> act = new Dropdown<>("activation", List.of("relu", "tanh", "sigmoid"));
 * act.onChange(name -> System.out.println("chose " + name));
 * }</pre>
 *
 * @param <T> the type of the options; labels are their {@code toString}
 */
public final class Dropdown<T> extends Selection<T> {
  public Dropdown(String description, List<T> options) {
    this(description, options, String::valueOf);
  }

  /** A drop-down whose options are labelled by {@code label}. */
  public Dropdown(String description, List<T> options, Function<T, String> label) {
    super("Dropdown", description, options, label);
  }
}
