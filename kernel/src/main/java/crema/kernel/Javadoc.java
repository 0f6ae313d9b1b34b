package crema.kernel;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.SourceCodeAnalysis.Documentation;

/**
 * Renders JShell's {@link Documentation} (a signature plus raw Javadoc) for inspect_reply: plain
 * text with block tags as headed sections, and HTML that keeps the Javadoc's own markup.
 */
final class Javadoc {
  private static final Pattern INLINE =
      Pattern.compile("\\{@(?:code|literal|link|linkplain)\\s+([^}]*)}");
  private static final Pattern TAG = Pattern.compile("<[^>]+>");

  private Javadoc() {}

  static String plain(List<Documentation> docs) {
    StringBuilder sb = new StringBuilder();
    for (Documentation d : docs) {
      if (sb.length() > 0) {
        sb.append("\n\n");
      }
      sb.append(d.signature()).append('\n');
      String jd = d.javadoc();
      if (jd != null && !jd.isBlank()) {
        sb.append('\n').append(plainBody(jd));
      }
    }
    return sb.toString().strip();
  }

  static String plainBody(String javadoc) {
    String t = INLINE.matcher(javadoc).replaceAll(mr -> Matcher.quoteReplacement(mr.group(1)));
    t = t.replaceAll("(?i)<p>|<br\\s*/?>", "\n").replaceAll("(?i)<li>", "\n - ");
    t = TAG.matcher(t).replaceAll("");
    t = t.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&quot;", "\"");
    StringBuilder out = new StringBuilder();
    for (String line : t.split("\n")) {
      String s = line.strip();
      if (s.startsWith("@param")) {
        out.append("\nParameter ").append(s.substring(6).strip());
      } else if (s.startsWith("@return")) {
        out.append("\nReturns: ").append(s.substring(7).strip());
      } else if (s.startsWith("@throws") || s.startsWith("@exception")) {
        out.append("\nThrows ").append(s.substring(s.indexOf(' ') + 1).strip());
      } else if (s.startsWith("@")) {
        out.append('\n').append(s);
      } else {
        out.append(out.length() == 0 || s.isEmpty() ? "" : " ").append(s.isEmpty() ? "\n" : s);
      }
    }
    return out.toString().replaceAll("\n{3,}", "\n\n").strip();
  }

  static String html(List<Documentation> docs) {
    StringBuilder sb = new StringBuilder("<div class=\"crema-doc\">");
    for (Documentation d : docs) {
      sb.append("<pre><code>").append(escape(d.signature())).append("</code></pre>");
      String jd = d.javadoc();
      if (jd != null && !jd.isBlank()) {
        String body =
            INLINE
                .matcher(jd)
                .replaceAll(mr -> Matcher.quoteReplacement("<code>" + mr.group(1) + "</code>"));
        StringBuilder main = new StringBuilder();
        StringBuilder tags = new StringBuilder();
        for (String line : body.split("\n")) {
          String s = line.strip();
          if (s.startsWith("@")) {
            int sp = s.indexOf(' ');
            String tag = sp < 0 ? s : s.substring(0, sp);
            String rest = sp < 0 ? "" : s.substring(sp + 1);
            tags.append("<dt>")
                .append(escape(tag.substring(1)))
                .append("</dt><dd>")
                .append(rest)
                .append("</dd>");
          } else if (tags.length() > 0) {
            tags.append(' ').append(s);
          } else {
            main.append(line).append('\n');
          }
        }
        sb.append("<div>").append(main).append("</div>");
        if (tags.length() > 0) {
          sb.append("<dl>").append(tags).append("</dl>");
        }
      }
    }
    return sb.append("</div>").toString();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
