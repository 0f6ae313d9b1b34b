package crema.kernel.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns compile and runtime errors into text a workshop participant can act on.
 *
 * <p>Compile errors name the line and column within the cell and mark the offending span with
 * carets. Runtime errors show the exception and only the frames of the user's snippets and of
 * libraries, renamed from JShell's wrapper classes ({@code REPL.$JShell$12}) to cell lines. The
 * kernel's own frames, JShell's and reflection's are dropped.
 *
 * <p>Colours: headlines are bold in the theme's own text colour, and only the carets under a
 * compile error are red (ANSI 31). Bold red is drawn as the "intense" red, which on JupyterLab
 * Dark's red error background reaches only 2.95:1 contrast; the theme's text colour reads on every
 * theme.
 */
public final class ErrorFormatter {
  public static final String RED = "\u001b[31m";
  public static final String BOLD = "\u001b[1m";
  public static final String RESET = "\u001b[0m";

  private static final Set<String> HIDDEN_PREFIXES =
      Set.of(
          "jdk.jshell.",
          "crema.kernel.",
          "jdk.internal.reflect.",
          "java.lang.reflect.Method",
          "sun.reflect.",
          "java.lang.invoke.",
          "jdk.internal.misc.");

  /** Where a JShell snippet sits in the notebook. */
  public record SnippetPlace(int executionCount, int firstLine) {}

  private ErrorFormatter() {}

  /**
   * A compile error.
   *
   * @param cell the whole cell's source
   * @param start offset of the error's start within the cell (UTF-16 index)
   * @param end offset of the error's end (exclusive), at least {@code start}
   * @param message the compiler's message
   */
  public static CellError compileError(String cell, int start, int end, String message) {
    start = Math.max(0, Math.min(start, cell.length()));
    end = Math.max(start, Math.min(end, cell.length()));
    int lineStart = cell.lastIndexOf('\n', start - 1) + 1;
    int lineEnd = cell.indexOf('\n', start);
    if (lineEnd < 0) {
      lineEnd = cell.length();
    }
    int line = 1 + (int) cell.substring(0, start).chars().filter(c -> c == '\n').count();
    int column = start - lineStart + 1;
    String text = cell.substring(lineStart, lineEnd);
    int spanEnd = Math.min(Math.max(end, start + 1), lineEnd);
    StringBuilder marks = new StringBuilder();
    for (int i = lineStart; i < start; i++) {
      marks.append(cell.charAt(i) == '\t' ? '\t' : ' ');
    }
    marks.append("^".repeat(Math.max(1, spanEnd - start)));
    List<String> tb = new ArrayList<>();
    tb.add(
        BOLD + "Compile error" + RESET + BOLD + " at line " + line + ", column " + column + RESET);
    tb.add("    " + text);
    tb.add("    " + RED + marks + RESET);
    for (String m : message.split("\n")) {
      tb.add(m);
    }
    return new CellError("CompilationError", "line " + line + ": " + firstLine(message), tb);
  }

  private static String firstLine(String s) {
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }

  /** Whether a frame belongs to the machinery rather than to the user's code or a library. */
  static boolean hidden(StackTraceElement e) {
    String c = e.getClassName();
    for (String p : HIDDEN_PREFIXES) {
      if (c.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A runtime exception.
   *
   * @param className the exception's class
   * @param message its message, or {@code null}
   * @param trace its stack trace, as the user VM recorded it
   * @param causes lines describing the cause chain (already formatted), may be empty
   * @param places where each snippet id (from the wrapper class {@code $JShell$ID}) sits
   */
  public static CellError runtimeError(
      String className,
      String message,
      StackTraceElement[] trace,
      List<String> causes,
      Map<String, SnippetPlace> places) {
    List<String> tb = new ArrayList<>();
    message = message == null ? null : cleanMessage(message);
    String head = message == null ? className : className + ": " + message;
    tb.add(BOLD + head + RESET);
    tb.addAll(frames(trace, places));
    tb.addAll(causes);
    return new CellError(className, message == null ? "" : message, tb);
  }

  /**
   * Removes JShell's wrapper class names from a message ({@code "REPL.$JShell$21.o"} to {@code
   * "o"}).
   */
  public static String cleanMessage(String message) {
    return message.replaceAll("REPL\\.\\$JShell\\$\\d+\\$?\\.?", "");
  }

  /** The visible frames, formatted as {@code " at ..."} lines. */
  static List<String> frames(StackTraceElement[] trace, Map<String, SnippetPlace> places) {
    List<String> out = new ArrayList<>();
    String previous = null;
    int repeats = 0;
    for (StackTraceElement e : trace) {
      if (hidden(e)) {
        continue;
      }
      String line = "    at " + describe(e, places);
      if (line.equals(previous)) {
        repeats++; // a deep recursion: show the frame once, then how often it repeats
        continue;
      }
      if (repeats > 0) {
        out.add("    ... (the frame above repeated " + repeats + " more times)");
        repeats = 0;
      }
      out.add(line);
      previous = line;
    }
    if (repeats > 0) {
      out.add("    ... (the frame above repeated " + repeats + " more times)");
    }
    return out;
  }

  static String describe(StackTraceElement e, Map<String, SnippetPlace> places) {
    String cls = e.getClassName();
    String file = e.getFileName();
    if (file != null && file.startsWith("#") && !cls.contains("$JShell$")) {
      // JShell already translated this frame: the file is "#<snippet id>".
      SnippetPlace p = places.get(file.substring(1));
      String what = e.getMethodName().isEmpty() ? "<cell>" : e.getMethodName();
      if (!cls.isEmpty()) {
        what = cls + "." + what;
      }
      if (p != null && e.getLineNumber() > 0) {
        return what
            + " (cell ["
            + p.executionCount()
            + "], line "
            + (p.firstLine() + e.getLineNumber() - 1)
            + ")";
      }
      return what + " (snippet " + file.substring(1) + ")";
    }
    int j = cls.indexOf("$JShell$");
    if (j >= 0) {
      String rest = cls.substring(j + "$JShell$".length());
      int k = 0;
      while (k < rest.length() && Character.isLetterOrDigit(rest.charAt(k))) {
        k++;
      }
      String id = rest.substring(0, k);
      String inner = rest.substring(k).replace('$', '.');
      String method = e.getMethodName();
      String what =
          method.startsWith("do_it$")
              ? "<cell>"
              : (inner.isEmpty() ? "" : inner.substring(1) + ".") + method;
      SnippetPlace p = places.get(id);
      if (p != null && e.getLineNumber() > 0) {
        return what
            + " (cell ["
            + p.executionCount()
            + "], line "
            + (p.firstLine() + e.getLineNumber() - 1)
            + ")";
      }
      return what + " (snippet " + id + ")";
    }
    return e.toString();
  }
}
