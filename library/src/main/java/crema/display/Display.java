package crema.display;

import java.util.Objects;
import java.util.UUID;

/**
 * Shows objects in whatever front end runs the code. In a Crema notebook, {@code display(x)} adds
 * an output below the cell; under plain {@code java} it prints {@code x}'s text.
 *
 * <pre>{@code
 * import static crema.display.Display.display;
 * DisplayHandle bar = display(progress);   // shown now
 * bar.update(progress);                    // replaced in place
 * }</pre>
 *
 * <p>Rendering goes through {@link Renderers}, so anything {@link Displayable}, a {@code
 * BufferedImage}, an XChart chart or any other object (as its {@code toString}) can be shown.
 */
public final class Display {
  private static volatile DisplayBackend backend = new ConsoleBackend(System.out);
  private static final ThreadLocal<OutputTarget> CAPTURE = new ThreadLocal<>();

  private Display() {}

  /** Installs the backend that receives displayed bundles; the kernel calls this at start. */
  public static void setBackend(DisplayBackend newBackend) {
    backend = Objects.requireNonNull(newBackend, "backend");
  }

  public static DisplayBackend backend() {
    return backend;
  }

  /** Shows {@code value} and returns a handle to update it in place. */
  public static DisplayHandle display(Object value) {
    return show(Renderers.render(value));
  }

  /**
   * Shows {@code value} restricted to the given MIME types (plus text/plain), for example {@code
   * render(chart, MimeBundle.PNG)} to force a bitmap.
   */
  public static DisplayHandle render(Object value, String... mimeTypes) {
    MimeBundle b = Renderers.render(value);
    return show(mimeTypes.length == 0 ? b : b.only(mimeTypes));
  }

  /** Shows a ready bundle. */
  public static DisplayHandle show(MimeBundle bundle) {
    DisplayHandle h = new DisplayHandle(UUID.randomUUID().toString());
    publish(bundle, h.displayId(), false);
    return h;
  }

  /** Shows HTML. */
  public static DisplayHandle html(String html) {
    return show(MimeBundle.text("[HTML]").with(MimeBundle.HTML, html));
  }

  /** Shows Markdown. */
  public static DisplayHandle markdown(String markdown) {
    return show(MimeBundle.text(markdown).with(MimeBundle.MARKDOWN, markdown));
  }

  /** Shows LaTeX, e.g. {@code latex("$\\sigma(z) = 1/(1+e^{-z})$")}. */
  public static DisplayHandle latex(String latex) {
    return show(MimeBundle.text(latex).with(MimeBundle.LATEX, latex));
  }

  /** Clears the current cell's output; with {@code wait}, only once new output arrives. */
  public static void clearOutput(boolean wait) {
    OutputTarget t = CAPTURE.get();
    if (t != null) {
      t.clear(wait);
    } else {
      backend.clearOutput(wait);
    }
  }

  /**
   * Runs {@code body} with this thread's {@code System.out}, {@code System.err}, {@code
   * display(...)} and {@code clearOutput} sent to {@code target} instead of the cell's output.
   * Other threads are not affected; captures nest.
   *
   * <pre>{@code
   * Display.capture(out, () -> display(chart));   // the chart appears inside the Output widget
   * }</pre>
   */
  public static void capture(OutputTarget target, Runnable body) {
    Objects.requireNonNull(target, "target");
    CapturedStreams.install();
    OutputTarget previous = CAPTURE.get();
    CAPTURE.set(target);
    try {
      body.run();
    } finally {
      System.out.flush();
      System.err.flush();
      if (previous == null) {
        CAPTURE.remove();
      } else {
        CAPTURE.set(previous);
      }
    }
  }

  /** The capture target of the calling thread, or {@code null}. */
  static OutputTarget captureTarget() {
    return CAPTURE.get();
  }

  static void publish(MimeBundle bundle, String displayId, boolean update) {
    OutputTarget t = CAPTURE.get();
    if (t != null) {
      t.publish(bundle, displayId, update);
    } else {
      backend.publish(bundle, displayId, update);
    }
  }
}
