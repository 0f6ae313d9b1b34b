package crema.kernel.exec;

import com.sun.source.util.JavacTask;
import java.net.URI;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Whether a JShell snippet is Java syntax at all, told by javac's parser alone (nothing is
 * compiled, no name is resolved). A snippet may stand where an import, a member of a class, a
 * statement or an expression stands; it is syntax if it parses in one of those places.
 *
 * <pre>{@code
 * JavaSyntax.parses("int x = \"text\";")  // true: a type error, for the compiler to report
 * JavaSyntax.parses("int 3x = 5;")        // false: 3x can never be a name
 * }</pre>
 */
final class JavaSyntax {
  private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

  /** The places a snippet can stand: text before it and after it. */
  private static final List<String[]> PLACES =
      List.of(
          new String[] {"", "\nclass Snippet {}"},
          new String[] {"class Snippet {\n", "\n}"},
          new String[] {"class Snippet { void run() throws Throwable {\n", "\n} }"},
          new String[] {"class Snippet { Object value = (\n", "\n); }"});

  private JavaSyntax() {}

  /** Whether {@code snippet} parses in one of the places a JShell snippet can stand. */
  static boolean parses(String snippet) {
    if (JAVAC == null) {
      return true; // a runtime without javac: the parser cannot tell
    }
    String expression = snippet.strip();
    while (expression.endsWith(";")) {
      expression = expression.substring(0, expression.length() - 1).strip();
    }
    for (int i = 0; i < PLACES.size(); i++) {
      String[] place = PLACES.get(i);
      String body = i == PLACES.size() - 1 ? expression : snippet;
      if (parsesAsFile(place[0] + body + place[1])) {
        return true;
      }
    }
    return false;
  }

  private static boolean parsesAsFile(String source) {
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavaFileObject file =
        new SimpleJavaFileObject(URI.create("string:///Snippet.java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
          }
        };
    JavacTask task =
        (JavacTask)
            JAVAC.getTask(null, null, diagnostics, List.of("-proc:none"), null, List.of(file));
    try {
      task.parse();
    } catch (java.io.IOException | RuntimeException e) {
      return true; // the parser failed, not the snippet: it cannot tell
    }
    return diagnostics.getDiagnostics().stream()
        .noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
  }
}
