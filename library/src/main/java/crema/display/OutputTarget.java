package crema.display;

/**
 * Somewhere other than the cell's own output area that printed text and displays can go, such as an
 * {@code Output} widget. See {@link Display#capture(OutputTarget, Runnable)}.
 *
 * <pre>{@code
 * Display.capture(outputWidget, () -> System.out.println("shown inside the widget"));
 * }</pre>
 */
public interface OutputTarget {
  /** Text written to {@code System.out} ({@code name} "stdout") or {@code System.err}. */
  void stream(String name, String text);

  /** A displayed bundle, or an update of an earlier one with the same {@code displayId}. */
  void publish(MimeBundle bundle, String displayId, boolean update);

  /** Clears what was shown; with {@code wait}, once new output arrives. */
  void clear(boolean wait);
}
