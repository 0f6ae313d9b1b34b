package crema.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import javax.tools.StandardJavaFileManager;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.QualifiedNames;
import org.junit.jupiter.api.Test;

class NoJdkIndexFileManagerTest {
  /**
   * What JShell's class index offers as imports for {@code JButton}, once its background indexing
   * has caught up.
   */
  private static List<String> importsForJButton(
      Function<StandardJavaFileManager, StandardJavaFileManager> files)
      throws InterruptedException {
    try (JShell shell = JShell.builder().executionEngine("local").fileManager(files).build()) {
      SourceCodeAnalysis sca = shell.sourceCodeAnalysis();
      String code = "JButton b";
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (true) {
        QualifiedNames q = sca.listQualifiedNames(code, "JButton".length());
        if (q.isUpToDate() || System.nanoTime() > deadline) {
          assertTrue(q.isUpToDate(), "JShell's index did not catch up within two minutes");
          return q.getNames();
        }
        Thread.sleep(100);
      }
    }
  }

  @Test
  void jshellsIndexDoesNotHoldTheJdk() throws InterruptedException {
    // The control: with the compiler's own file manager the index finds the JDK's class.
    assertEquals(List.of("javax.swing.JButton"), importsForJButton(Function.identity()));
    assertEquals(List.of(), importsForJButton(NoJdkIndexFileManager::new));
  }

  @Test
  void cellsStillCompileAgainstTheJdkAndItsClassesComplete() {
    try (JShell shell =
        JShell.builder().executionEngine("local").fileManager(NoJdkIndexFileManager::new).build()) {
      List<SnippetEvent> ev =
          shell.eval("int n = new java.util.ArrayList<>(java.util.List.of(1, 2)).size();");
      assertEquals(Snippet.Status.VALID, ev.get(0).status(), ev.toString());
      assertEquals("2", ev.get(0).value());
      List<String> names =
          shell.sourceCodeAnalysis().completionSuggestions("java.util.Arr", 13, new int[1]).stream()
              .map(SourceCodeAnalysis.Suggestion::continuation)
              .toList();
      assertTrue(names.containsAll(List.of("ArrayList", "Arrays")), names.toString());
    }
  }
}
