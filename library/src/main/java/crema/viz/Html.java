package crema.viz;

import java.util.Base64;

/** Small HTML helpers: escaping and embedded images. */
final class Html {
  private Html() {}

  /** Escapes text for HTML content and attribute values. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** An {@code <img>} with the PNG embedded, so the page needs no other file. */
  static String img(byte[] png, int width, int height, String alt) {
    return "<img src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png)
        + "\" width=\""
        + width
        + "\" height=\""
        + height
        + "\" alt=\""
        + escape(alt)
        + "\" style=\"image-rendering:pixelated;max-width:100%;height:auto\">";
  }
}
