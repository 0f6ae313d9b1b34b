package crema.kernel.agent;

import crema.display.MimeBundle;
import java.util.Collection;
import java.util.Map;

/**
 * The few JSON writes the user VM needs (MIME bundles and strings). Written by hand so that the
 * user VM loads no JSON library just to show a value.
 */
final class Json {
  private Json() {}

  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** {@code {"data": {...}, "metadata": {...}}}. */
  static void bundle(StringBuilder sb, MimeBundle b) {
    sb.append("{\"data\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : b.data().entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      string(sb, e.getKey());
      sb.append(':');
      if (e.getKey().endsWith("json")) {
        sb.append(e.getValue()); // a JSON MIME type holds JSON text: sent as JSON, not a string
      } else {
        string(sb, e.getValue());
      }
    }
    sb.append("},\"metadata\":");
    value(sb, b.metadata());
    sb.append('}');
  }

  static void value(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      string(sb, s);
    } else if (v instanceof Number || v instanceof Boolean) {
      double d = v instanceof Number n ? n.doubleValue() : 0;
      if (v instanceof Number && (Double.isNaN(d) || Double.isInfinite(d))) {
        sb.append("null");
      } else {
        sb.append(v);
      }
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        string(sb, String.valueOf(e.getKey()));
        sb.append(':');
        value(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof Collection<?> c) {
      sb.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        value(sb, o);
      }
      sb.append(']');
    } else {
      string(sb, v.toString());
    }
  }
}
