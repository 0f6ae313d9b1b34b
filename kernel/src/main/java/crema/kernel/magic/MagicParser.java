package crema.kernel.magic;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a cell into Java code and IPython-style magics.
 *
 * <ul>
 *   <li>A cell whose first line is {@code %%name args} is a cell magic: the rest of the cell is its
 *       body ({@code %%time}, {@code %%html}, {@code %%markdown}, ...).
 *   <li>Otherwise each line that starts with {@code %name} is a line magic ({@code %classpath},
 *       {@code %maven}, {@code %load}, {@code %time expr}), run in order with the code around it.
 * </ul>
 *
 * <p>Code parts keep their line numbers: they are padded with the blank lines of everything before
 * them, so an error on the cell's line 7 says line 7.
 */
public final class MagicParser {
  /** One step of a cell. */
  public sealed interface Part permits Code, LineMagic, CellMagic {}

  /** Java code, padded with newlines so that its line numbers are the cell's. */
  public record Code(String source) implements Part {}

  /** {@code %name args}. */
  public record LineMagic(String name, String args, int line) implements Part {}

  /** {@code %%name args} followed by the body. */
  public record CellMagic(String name, String args, String body) implements Part {}

  private MagicParser() {}

  /** Parses a cell. A cell without magics becomes a single {@link Code}. */
  public static List<Part> parse(String cell) {
    List<Part> parts = new ArrayList<>();
    String stripped = cell.stripLeading();
    if (stripped.startsWith("%%")) {
      int nl = stripped.indexOf('\n');
      String first = nl < 0 ? stripped : stripped.substring(0, nl);
      String body = nl < 0 ? "" : stripped.substring(nl + 1);
      String[] na = nameAndArgs(first.substring(2));
      parts.add(new CellMagic(na[0], na[1], body));
      return parts;
    }
    String[] lines = cell.split("\n", -1);
    StringBuilder code = new StringBuilder();
    boolean hasCode = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("%")
          && !line.startsWith("%%")
          && line.length() > 1
          && Character.isLetter(line.charAt(1))) {
        if (hasCode) {
          parts.add(new Code(code.toString()));
          hasCode = false;
        }
        code.setLength(0);
        for (int k = 0; k <= i; k++) {
          code.append('\n');
        }
        String[] na = nameAndArgs(line.substring(1));
        parts.add(new LineMagic(na[0], na[1], i + 1));
      } else {
        code.append(line);
        if (i < lines.length - 1) {
          code.append('\n');
        }
        if (!line.isBlank()) {
          hasCode = true;
        }
      }
    }
    if (hasCode) {
      parts.add(new Code(code.toString()));
    }
    return parts;
  }

  private static String[] nameAndArgs(String s) {
    s = s.strip();
    int sp = 0;
    while (sp < s.length() && !Character.isWhitespace(s.charAt(sp))) {
      sp++;
    }
    return new String[] {s.substring(0, sp), s.substring(sp).strip()};
  }

  /** Whether a cell has no Java at all, only magics (is_complete says "complete" for those). */
  public static boolean onlyMagics(String cell) {
    return parse(cell).stream().noneMatch(p -> p instanceof Code);
  }
}
