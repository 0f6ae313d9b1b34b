package crema.display;

/**
 * An object that can show itself: it returns its {@link MimeBundle}, as IPython objects do with
 * {@code _repr_html_} and friends. This is the one seam between the library and any front end: a
 * notebook shows the richest type it understands, a console prints {@code text/plain}.
 *
 * <pre>{@code
 * record Fruit(String name) implements Displayable {
 *   public MimeBundle toMimeBundle() {
 *     return MimeBundle.text(name).with(MimeBundle.HTML, "<i>" + name + "</i>");
 *   }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Displayable {
  /** This object's representations. Must contain {@code text/plain}. */
  MimeBundle toMimeBundle();
}
