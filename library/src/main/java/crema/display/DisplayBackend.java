package crema.display;

/**
 * Where displayed bundles go. The library's default ({@link ConsoleBackend}) prints their text; the
 * Crema kernel installs one that sends Jupyter {@code display_data} and {@code update_display_data}
 * messages, which is how progress bars and live charts update in place.
 */
public interface DisplayBackend {
  /**
   * Shows a bundle.
   *
   * @param bundle what to show
   * @param displayId the id that later updates refer to
   * @param update {@code true} to replace the output shown earlier under {@code displayId}
   */
  void publish(MimeBundle bundle, String displayId, boolean update);

  /**
   * Clears the output of the running cell.
   *
   * @param wait if {@code true}, clear only when new output arrives, which avoids flicker
   */
  void clearOutput(boolean wait);
}
