package crema.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import crema.kernel.exec.CellSplitter;
import crema.kernel.exec.JShellSession;
import crema.kernel.magic.MagicParser;
import crema.kernel.protocol.Message;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jdk.jshell.SourceCodeAnalysis;

/**
 * complete, inspect and is_complete, answered with JShell's {@link SourceCodeAnalysis}.
 *
 * <p>Jupyter counts cursor positions in Unicode code points; Java strings in UTF-16 units. The
 * conversions below keep completions right after an emoji or a CJK character.
 */
final class Requests {
  private final JShellSession session;

  Requests(JShellSession session) {
    this.session = session;
  }

  static int toJava(String s, int codePoints) {
    int cp = Math.max(0, Math.min(codePoints, s.codePointCount(0, s.length())));
    return s.offsetByCodePoints(0, cp);
  }

  static int toJupyter(String s, int javaIndex) {
    return s.codePointCount(0, Math.max(0, Math.min(javaIndex, s.length())));
  }

  JsonObject complete(Message m) throws InterruptedException {
    String code = m.string("code", "");
    int cursor = toJava(code, m.integer("cursor_pos", code.codePointCount(0, code.length())));
    JsonObject c = new JsonObject();
    c.addProperty("status", "ok");
    JsonArray matches = new JsonArray();
    int start = cursor;
    // Complete inside the Java part around the cursor; magics lines are left alone.
    int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
    if (!code.startsWith("%", lineStart)) {
      SourceCodeAnalysis sca = session.analysis();
      int[] anchor = new int[1];
      List<SourceCodeAnalysis.Suggestion> s = sca.completionSuggestions(code, cursor, anchor);
      Set<String> seen = new LinkedHashSet<>();
      // Suggestions that match the expected type first, as JShell ranks them.
      for (SourceCodeAnalysis.Suggestion x : s) {
        if (x.matchesType()) {
          seen.add(x.continuation());
        }
      }
      for (SourceCodeAnalysis.Suggestion x : s) {
        seen.add(x.continuation());
      }
      start = anchor[0];
      // The JDK's packages, which JShell's index does not hold here (see JdkPackages).
      JdkPackages.Completion packages = JdkPackages.complete(code, cursor);
      if (!packages.names().isEmpty() && (seen.isEmpty() || start == packages.start())) {
        seen.addAll(packages.names());
        start = packages.start();
      }
      seen.forEach(matches::add);
    }
    c.add("matches", matches);
    c.addProperty("cursor_start", toJupyter(code, start));
    c.addProperty("cursor_end", toJupyter(code, cursor));
    c.add("metadata", new JsonObject());
    return c;
  }

  JsonObject inspect(Message m) throws InterruptedException {
    String code = m.string("code", "");
    int cursor = toJava(code, m.integer("cursor_pos", code.codePointCount(0, code.length())));
    JsonObject c = new JsonObject();
    c.addProperty("status", "ok");
    JsonObject data = new JsonObject();
    List<SourceCodeAnalysis.Documentation> docs = List.of();
    try {
      SourceCodeAnalysis sca = session.analysis();
      docs = sca.documentation(code, cursor, true);
      if (docs.isEmpty()) {
        // JShell documents a method only inside its argument list: with the cursor on or after a
        // method name (String.valueOf|), ask as if a parenthesis followed the name.
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
          end++;
        }
        String probe = code.substring(0, end) + "(";
        docs = sca.documentation(probe, probe.length(), true);
        if (docs.isEmpty() && end != cursor) {
          docs = sca.documentation(code, end, true);
        }
      }
    } catch (RuntimeException e) {
      Log.warn("inspect failed: " + e);
    }
    c.addProperty("found", !docs.isEmpty());
    if (!docs.isEmpty()) {
      data.addProperty("text/plain", Javadoc.plain(docs));
      data.addProperty("text/html", Javadoc.html(docs));
    }
    c.add("data", data);
    c.add("metadata", new JsonObject());
    return c;
  }

  JsonObject isComplete(Message m) throws InterruptedException {
    String code = m.string("code", "");
    JsonObject c = new JsonObject();
    String status;
    if (code.strip().startsWith("%%") || MagicParser.onlyMagics(code)) {
      status = "complete";
    } else {
      StringBuilder java = new StringBuilder();
      for (MagicParser.Part p : MagicParser.parse(code)) {
        if (p instanceof MagicParser.Code k) {
          java.append(k.source());
        }
      }
      status = CellSplitter.verdict(session.analysis(), java.toString());
    }
    c.addProperty("status", status);
    if (status.equals("incomplete")) {
      c.addProperty("indent", CellSplitter.indent(code));
    }
    return c;
  }
}
