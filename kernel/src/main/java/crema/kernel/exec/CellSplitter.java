package crema.kernel.exec;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * Cuts a cell into JShell snippets with {@link SourceCodeAnalysis#analyzeCompletion}, keeping where
 * each snippet starts in the cell so that errors can name the cell's line and column.
 */
public final class CellSplitter {
  /**
   * One snippet of a cell.
   *
   * @param source the snippet as JShell should evaluate it (a missing final semicolon added)
   * @param offset where the snippet starts within the cell
   * @param completeness JShell's verdict; anything but complete is reported as an error
   */
  public record Piece(String source, int offset, Completeness completeness) {
    /** Whether JShell considers the snippet whole. */
    public boolean complete() {
      return completeness.isComplete();
    }
  }

  private CellSplitter() {}

  /** Splits {@code cell}; the last piece may be incomplete (unterminated block, etc.). */
  public static List<Piece> split(SourceCodeAnalysis analysis, String cell) {
    List<Piece> out = new ArrayList<>();
    int consumed = 0;
    String rest = cell;
    while (!rest.isBlank()) {
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
      Completeness c = info.completeness();
      int lead = 0;
      while (lead < rest.length() && Character.isWhitespace(rest.charAt(lead))) {
        lead++;
      }
      if (c == Completeness.EMPTY) {
        break;
      }
      if (!c.isComplete()) {
        // DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE or UNKNOWN: hand JShell the rest as is,
        // it reports the error with a position.
        String src = rest.strip();
        out.add(new Piece(src.isEmpty() ? rest : src, consumed + lead, c));
        break;
      }
      String remaining = info.remaining();
      out.add(new Piece(info.source(), consumed + lead, c));
      consumed += rest.length() - remaining.length();
      rest = remaining;
    }
    return out;
  }

  /**
   * Jupyter's is_complete verdict for a cell: {@code complete}, {@code incomplete} or {@code
   * invalid}.
   */
  public static String verdict(SourceCodeAnalysis analysis, String cell) {
    if (cell.isBlank()) {
      return "complete";
    }
    List<Piece> pieces = split(analysis, cell);
    if (pieces.isEmpty()) {
      return "complete";
    }
    Piece last = pieces.get(pieces.size() - 1);
    return switch (last.completeness()) {
      case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> parses(pieces) ? "complete" : "invalid";
      case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "incomplete";
      case UNKNOWN -> "invalid";
    };
  }

  /**
   * Whether every piece is Java syntax. A whole snippet can still be one that never compiles, such
   * as a declaration whose name is no identifier ({@code int 3x = 5;}); the parser tells. Type
   * errors and unknown names are not its business: they depend on the session's state.
   */
  private static boolean parses(List<Piece> pieces) {
    return pieces.stream().allMatch(p -> JavaSyntax.parses(p.source()));
  }

  /**
   * The indent for the next line of an incomplete cell: the last line's, one level deeper after {.
   */
  public static String indent(String cell) {
    int ls = cell.lastIndexOf('\n') + 1;
    String line = cell.substring(ls);
    int i = 0;
    while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
      i++;
    }
    String base = line.substring(0, i);
    String t = line.strip();
    return t.endsWith("{") || t.endsWith("(") || t.endsWith("->") ? base + "    " : base;
  }
}
