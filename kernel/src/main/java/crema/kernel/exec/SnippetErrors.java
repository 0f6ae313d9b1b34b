package crema.kernel.exec;

import crema.kernel.exec.ErrorFormatter.SnippetPlace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * The errors a cell can end with, in the words the notebook shows: a compile error pointing into
 * the cell, a runtime error with the cell's line numbers, an interrupt, the user VM's death.
 */
final class SnippetErrors {
  private SnippetErrors() {}

  /** "method f", "class Point", "variable x": how a declaration is named in messages. */
  static String describe(Snippet s) {
    return switch (s.kind()) {
      case METHOD -> "method " + ((jdk.jshell.MethodSnippet) s).name();
      case TYPE_DECL -> "class " + ((jdk.jshell.TypeDeclSnippet) s).name();
      case VAR -> "variable " + ((VarSnippet) s).name();
      default -> "the snippet";
    };
  }

  /** The compiler's first error on snippet {@code s}, placed in the cell, with the others after. */
  static CellError compileError(JShell shell, String code, CellSplitter.Piece piece, Snippet s) {
    List<Diag> diags = shell.diagnostics(s).filter(Diag::isError).toList();
    if (diags.isEmpty()) {
      return ErrorFormatter.compileError(
          code, piece.offset(), piece.offset(), "rejected by the compiler");
    }
    Diag d = diags.get(0);
    int start = cellOffset(code, piece, (int) d.getStartPosition());
    int end = cellOffset(code, piece, (int) d.getEndPosition());
    StringBuilder msg = new StringBuilder(d.getMessage(Locale.ROOT));
    for (int i = 1; i < diags.size(); i++) {
      msg.append('\n').append("(also) ").append(diags.get(i).getMessage(Locale.ROOT));
    }
    return ErrorFormatter.compileError(code, start, end, msg.toString());
  }

  /** Maps a position in the snippet's source to a position in the cell. */
  private static int cellOffset(String code, CellSplitter.Piece piece, int pos) {
    if (pos < 0) {
      return piece.offset();
    }
    // The snippet is the cell text from piece.offset(), possibly with a semicolon added at the end.
    return Math.min(piece.offset() + pos, code.length());
  }

  /** An exception thrown by user code, its frames named by cell and line through {@code places}. */
  static CellError runtimeError(JShellException ex, Map<String, SnippetPlace> places) {
    if (ex instanceof UnresolvedReferenceException u) {
      Snippet s = u.getSnippet();
      return new CellError(
          "UnresolvedReference",
          describe(s) + " needs a declaration that is missing",
          List.of(
              ErrorFormatter.BOLD
                  + describe(s)
                  + " cannot run yet: it refers to something not declared."
                  + ErrorFormatter.RESET));
    }
    if (ex instanceof EvalException ee) {
      List<String> causes = new ArrayList<>();
      Throwable c = ee.getCause();
      while (c != null) {
        String name =
            c instanceof EvalException ce ? ce.getExceptionClassName() : c.getClass().getName();
        causes.add("Caused by: " + name + (c.getMessage() == null ? "" : ": " + c.getMessage()));
        causes.addAll(ErrorFormatter.frames(c.getStackTrace(), places));
        c = c.getCause();
      }
      return ErrorFormatter.runtimeError(
          ee.getExceptionClassName(), ee.getMessage(), ee.getStackTrace(), causes, places);
    }
    return ErrorFormatter.runtimeError(
        ex.getClass().getName(), ex.getMessage(), ex.getStackTrace(), List.of(), places);
  }

  static CellError interrupted() {
    return new CellError(
        "Interrupted",
        "the cell was interrupted",
        List.of(
            ErrorFormatter.BOLD
                + "Interrupted"
                + ErrorFormatter.RESET
                + ": the cell was stopped. Variables keep the values they had."));
  }

  /**
   * The user VM died and a new one is starting.
   *
   * @param why the exit code, or blank
   * @param killedByStop whether a second interrupt killed it
   */
  static CellError vmDied(String why, boolean killedByStop) {
    List<String> tb = new ArrayList<>();
    tb.add(
        ErrorFormatter.BOLD
            + "The Java VM running your code stopped"
            + ErrorFormatter.RESET
            + (why.isBlank() ? "" : " (" + why.strip() + ")")
            + ".");
    tb.add(
        killedByStop
            ? "You interrupted twice while it was running code that does not stop on request."
            : "This happens after System.exit(...), when memory runs out beyond recovery, or when"
                + " the VM crashes.");
    tb.add(
        ErrorFormatter.BOLD
            + "All variables, methods and classes were lost."
            + ErrorFormatter.RESET
            + " A new VM is starting: re-run the cells you need.");
    return new CellError("VMDied", "the user VM stopped; state was lost", tb);
  }
}
