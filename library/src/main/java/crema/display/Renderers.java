package crema.display;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Finds how to show any object. The lookup order is: the object's own {@link Displayable}
 * rendering, then the renderers registered for its class (latest registration first, so users can
 * override the built-ins), then its {@code toString()} as {@code text/plain}.
 *
 * <p>A renderer that throws never loses the output: the value falls back to {@code text/plain}, and
 * the failure is reported on standard error, which the notebook shows beside the cell.
 *
 * <pre>{@code
 * Renderers.register(java.time.LocalDate.class,
 *     d -> MimeBundle.text(d.toString()).with(MimeBundle.HTML, "<time>" + d + "</time>"));
 * }</pre>
 */
public final class Renderers {
  private record Entry<T>(Class<T> type, Renderer<? super T> renderer) {
    MimeBundle apply(Object value) throws Exception {
      return renderer.render(type.cast(value));
    }
  }

  private static final List<Entry<?>> ENTRIES = new CopyOnWriteArrayList<>();

  static {
    register(BufferedImage.class, ImageRenderer::render);
    register(Chart.class, ChartRenderer::render);
  }

  private Renderers() {}

  /** Registers a renderer for {@code type} and its subtypes, ahead of earlier registrations. */
  public static <T> void register(Class<T> type, Renderer<? super T> renderer) {
    ENTRIES.add(0, new Entry<>(Objects.requireNonNull(type), Objects.requireNonNull(renderer)));
  }

  /** The bundle for {@code value}; never throws, always has {@code text/plain}. */
  public static MimeBundle render(Object value) {
    if (value instanceof MimeBundle bundle) {
      return bundle;
    }
    try {
      if (value instanceof Displayable d) {
        return checked(d.toMimeBundle(), value);
      }
      if (value != null) {
        for (Entry<?> e : new ArrayList<>(ENTRIES)) {
          if (e.type().isInstance(value)) {
            return checked(e.apply(value), value);
          }
        }
      }
    } catch (Exception | LinkageError e) {
      System.err.println(
          "[crema] could not render a "
              + value.getClass().getName()
              + " ("
              + e
              + "); showing it as text instead.");
    }
    return MimeBundle.text(plainText(value));
  }

  /** The {@code text/plain} form of any value; arrays print their elements. */
  public static String plainText(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Object[] a) {
      return Arrays.deepToString(a);
    }
    if (value instanceof float[] a) {
      return Arrays.toString(a);
    }
    if (value instanceof double[] a) {
      return Arrays.toString(a);
    }
    if (value instanceof int[] a) {
      return Arrays.toString(a);
    }
    if (value instanceof long[] a) {
      return Arrays.toString(a);
    }
    if (value instanceof byte[] a) {
      return Arrays.toString(a);
    }
    if (value instanceof boolean[] a) {
      return Arrays.toString(a);
    }
    if (value instanceof char[] a) {
      return Arrays.toString(a);
    }
    if (value instanceof short[] a) {
      return Arrays.toString(a);
    }
    return String.valueOf(value);
  }

  private static MimeBundle checked(MimeBundle b, Object value) {
    if (b == null || !b.has(MimeBundle.PLAIN)) {
      throw new IllegalStateException(
          "the renderer of " + value.getClass().getName() + " returned no text/plain");
    }
    return b;
  }
}
