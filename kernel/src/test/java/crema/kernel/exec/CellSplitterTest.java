package crema.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import jdk.jshell.JShell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CellSplitterTest {
  private static JShell shell;

  @BeforeAll
  static void start() {
    // Only the source analysis is used: the in-process engine avoids starting a VM.
    shell = JShell.builder().executionEngine("local").build();
  }

  @AfterAll
  static void stop() {
    shell.close();
  }

  @Test
  void splitsAMixedCellAndKeepsOffsets() {
    String cell = "import java.util.*;\nint x = 1;\nvoid f() {\n  x++;\n}\nf();\nx";
    List<CellSplitter.Piece> p = CellSplitter.split(shell.sourceCodeAnalysis(), cell);
    assertEquals(5, p.size(), p.toString());
    assertEquals(cell.indexOf("int x"), p.get(1).offset());
    assertEquals(cell.indexOf("void f"), p.get(2).offset());
    assertEquals(cell.lastIndexOf('x'), p.get(4).offset());
  }

  @Test
  void verdicts() {
    var sca = shell.sourceCodeAnalysis();
    assertEquals("complete", CellSplitter.verdict(sca, "int x = 1;"));
    assertEquals("complete", CellSplitter.verdict(sca, "x + 1"));
    assertEquals("incomplete", CellSplitter.verdict(sca, "for (int i = 0; i < 3; i++) {"));
    assertEquals("incomplete", CellSplitter.verdict(sca, "String s = \"\"\"\n"));
    assertEquals("invalid", CellSplitter.verdict(sca, "int x = ;)"));
  }

  @Test
  void codeTheParserRejectsIsInvalidThoughWhole() {
    var sca = shell.sourceCodeAnalysis();
    assertEquals("invalid", CellSplitter.verdict(sca, "int 3x = 5;"));
    assertEquals("invalid", CellSplitter.verdict(sca, "int x = 1;\nint 3x = 5;\nx"));
    assertEquals("invalid", CellSplitter.verdict(sca, "void f() { return 1 2; }"));
    // Whole and parseable: a type error or an unknown name is for the compiler to report.
    assertEquals("complete", CellSplitter.verdict(sca, "int y = \"text\";"));
    assertEquals("complete", CellSplitter.verdict(sca, "undefinedName.call();"));
    assertEquals("complete", CellSplitter.verdict(sca, "class A { int f() { return 1; } }"));
    assertEquals("complete", CellSplitter.verdict(sca, "import java.util.*;\nvar l = List.of(1);"));
  }

  @Test
  void indentHints() {
    assertEquals("    ", CellSplitter.indent("for (int i = 0; i < 3; i++) {"));
    assertEquals("  ", CellSplitter.indent("void f() {\n  int a = 1,"));
  }
}
