package crema.display;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an object looks like, in every form a front end may choose from: a map from MIME type to
 * content, in the manner of IPython's {@code _repr_mimebundle_}.
 *
 * <p>Text types ({@code text/plain}, {@code text/html}, {@code image/svg+xml}, ...) hold the text
 * itself; binary types ({@code image/png}) hold their bytes Base64-encoded, which is what the
 * Jupyter protocol carries. A bundle always has {@code text/plain}, so that every front end, down
 * to a terminal, can show something.
 *
 * <pre>{@code
 * MimeBundle b = MimeBundle.text("3 apples").with(MimeBundle.HTML, "<b>3</b> apples");
 * b.get(MimeBundle.HTML);  // "<b>3</b> apples"
 * }</pre>
 *
 * <p>Bundles are immutable: {@code with} returns a new bundle.
 */
public final class MimeBundle {
  public static final String PLAIN = "text/plain";
  public static final String HTML = "text/html";
  public static final String MARKDOWN = "text/markdown";
  public static final String LATEX = "text/latex";
  public static final String PNG = "image/png";
  public static final String SVG = "image/svg+xml";
  public static final String JAVASCRIPT = "application/javascript";

  private final Map<String, String> data;
  private final Map<String, Map<String, Object>> metadata;

  private MimeBundle(Map<String, String> data, Map<String, Map<String, Object>> metadata) {
    this.data = data;
    this.metadata = metadata;
  }

  /** A bundle with only {@code text/plain}. */
  public static MimeBundle text(String plain) {
    Objects.requireNonNull(plain, "plain text");
    Map<String, String> d = new LinkedHashMap<>();
    d.put(PLAIN, plain);
    return new MimeBundle(Collections.unmodifiableMap(d), Map.of());
  }

  /** This bundle plus one more representation (replacing any earlier one of the same type). */
  public MimeBundle with(String mimeType, String content) {
    Objects.requireNonNull(mimeType, "mime type");
    Objects.requireNonNull(content, () -> "content for " + mimeType);
    Map<String, String> d = new LinkedHashMap<>(data);
    d.put(mimeType, mimeType.equals(SVG) ? inlineSvg(content) : content);
    return new MimeBundle(Collections.unmodifiableMap(d), metadata);
  }

  /**
   * An SVG document as the inline {@code <svg>} element that notebooks embed: without the XML
   * declaration and DOCTYPE that SVG writers put first (as IPython's {@code SVG} does). An encoding
   * declaration inside an HTML page is invalid, and nbconvert's HTML export rejects it.
   */
  static String inlineSvg(String svg) {
    int start = svg.indexOf("<svg");
    return start > 0 ? svg.substring(start) : svg;
  }

  /** This bundle plus a PNG image given as raw bytes (stored Base64-encoded). */
  public MimeBundle withPng(byte[] png) {
    return with(PNG, Base64.getEncoder().encodeToString(png));
  }

  /**
   * This bundle plus per-type metadata, for example {@code {"width": 320}} for an image: the
   * Jupyter front ends read it to size the output.
   */
  public MimeBundle withMetadata(String mimeType, Map<String, Object> meta) {
    Map<String, Map<String, Object>> m = new LinkedHashMap<>(metadata);
    m.put(mimeType, Map.copyOf(meta));
    return new MimeBundle(data, Collections.unmodifiableMap(m));
  }

  /** Keeps only the given MIME types, and {@code text/plain}, which a bundle never loses. */
  public MimeBundle only(String... mimeTypes) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(PLAIN, data.get(PLAIN));
    for (String t : mimeTypes) {
      if (data.containsKey(t)) {
        d.put(t, data.get(t));
      }
    }
    return new MimeBundle(Collections.unmodifiableMap(d), metadata);
  }

  /** The content for a MIME type, or {@code null} if the bundle has none. */
  public String get(String mimeType) {
    return data.get(mimeType);
  }

  public boolean has(String mimeType) {
    return data.containsKey(mimeType);
  }

  /** MIME type to content, in insertion order. */
  public Map<String, String> data() {
    return data;
  }

  /** MIME type to metadata object. */
  public Map<String, Map<String, Object>> metadata() {
    return metadata;
  }

  @Override
  public String toString() {
    return data.get(PLAIN);
  }
}
