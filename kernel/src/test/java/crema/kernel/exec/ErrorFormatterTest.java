package crema.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorFormatterTest {
  private static String strip(String s) {
    return s.replaceAll("\u001b\\[[0-9;]*m", "");
  }

  @Test
  void compileErrorNamesLineColumnAndMarksTheSpan() {
    String cell = "int a = 1;\nint y = \"abc\";\n";
    int start = cell.indexOf('"');
    CellError e = ErrorFormatter.compileError(cell, start, start + 5, "incompatible types");
    List<String> tb = e.traceback().stream().map(ErrorFormatterTest::strip).toList();
    assertTrue(tb.get(0).contains("line 2, column 9"), tb.get(0));
    assertEquals("    int y = \"abc\";", tb.get(1));
    assertEquals("            ^^^^^", tb.get(2));
    assertEquals("incompatible types", tb.get(3));
  }

  @Test
  void runtimeErrorHidesMachineryAndMapsSnippetsToCells() {
    StackTraceElement[] trace = {
      new StackTraceElement("REPL.$JShell$12", "div", "#12", 2),
      new StackTraceElement("REPL.$JShell$13", "do_it$", "#13", 1),
      new StackTraceElement("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke", null, 1),
      new StackTraceElement("crema.kernel.agent.UserVmAgent", "invoke", null, 1),
      new StackTraceElement("jdk.jshell.execution.DirectExecutionControl", "invoke", null, 1),
    };
    var places =
        Map.of(
            "12",
            new ErrorFormatter.SnippetPlace(3, 4),
            "13",
            new ErrorFormatter.SnippetPlace(5, 1));
    CellError e =
        ErrorFormatter.runtimeError(
            "java.lang.ArithmeticException", "/ by zero", trace, List.of(), places);
    List<String> tb = e.traceback().stream().map(ErrorFormatterTest::strip).toList();
    assertEquals("java.lang.ArithmeticException: / by zero", tb.get(0));
    assertEquals("    at div (cell [3], line 5)", tb.get(1));
    assertEquals("    at <cell> (cell [5], line 1)", tb.get(2));
    assertEquals(3, tb.size(), tb.toString());
  }

  @Test
  void deepRecursionIsCollapsed() {
    StackTraceElement f = new StackTraceElement("REPL.$JShell$7", "f", "#7", 1);
    StackTraceElement[] trace = new StackTraceElement[1000];
    java.util.Arrays.fill(trace, f);
    CellError e =
        ErrorFormatter.runtimeError(
            "java.lang.StackOverflowError", null, trace, List.of(), Map.of());
    assertEquals(3, e.traceback().size(), e.traceback().toString());
    assertTrue(e.traceback().get(2).contains("999"));
  }

  @Test
  void messagesLoseWrapperNames() {
    String m =
        ErrorFormatter.cleanMessage(
            "Cannot invoke \"Object.toString()\" because \"REPL.$JShell$21.o\" is null");
    assertEquals("Cannot invoke \"Object.toString()\" because \"o\" is null", m);
    assertFalse(m.contains("JShell"));
  }
}
