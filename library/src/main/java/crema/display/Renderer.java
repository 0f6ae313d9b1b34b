package crema.display;

/**
 * Turns objects of a type we do not own (a {@code BufferedImage}, an XChart chart) into a {@link
 * MimeBundle}. Types we own implement {@link Displayable} instead.
 *
 * @param <T> the type rendered
 */
@FunctionalInterface
public interface Renderer<T> {
  MimeBundle render(T value) throws Exception;
}
