package crema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point downward only: a package may use the floors listed below it in {@code
 * docs/layers.md}, never its own floor's neighbours or a floor above. Imports, static imports and
 * fully qualified names in code all count; comments and string literals do not.
 */
class LayeringTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Path ORDER = Path.of("../docs/layers.md");

  /** A package name followed by a class name (upper case) or an import's {@code *}. */
  private static final Pattern REFERENCE =
      Pattern.compile("\\b(crema(?:\\.[a-z][a-z0-9_]*)+)\\.(?:[A-Z]|\\*)");

  @Test
  void noPackageUsesOneOnItsFloorOrAbove() throws IOException {
    Map<String, Integer> floors = floors(Files.readString(ORDER));
    List<String> violations = new ArrayList<>();
    Set<String> unplaced = new TreeSet<>();
    Set<String> seen = new TreeSet<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = SOURCES.relativize(f.getParent()).toString().replace('/', '.');
        String unit = unitOf(pkg, floors);
        if (unit == null) {
          unplaced.add(pkg);
          continue;
        }
        seen.add(unit);
        for (String used : references(code(read(f)))) {
          String usedUnit = unitOf(used, floors);
          if (usedUnit == null) {
            unplaced.add(used);
          } else if (!usedUnit.equals(unit) && floors.get(usedUnit) >= floors.get(unit)) {
            violations.add(SOURCES.relativize(f) + " (" + unit + ") uses " + used);
          }
        }
      }
    }
    assertEquals(Set.of(), unplaced, "packages missing from docs/layers.md");
    assertEquals(new TreeSet<>(floors.keySet()), seen, "docs/layers.md lists packages not found");
    assertEquals(List.of(), violations, "upward or sideways dependencies (docs/layers.md)");
  }

  @Test
  void theCheckSeesImportsAndQualifiedNamesButNotComments() {
    String source =
        """
        package crema.tensor;
        import crema.viz.ImageGrid;
        import static crema.display.Display.*;
        /** Uses {@link crema.nn.Parameter} in a comment only. */
        class X {
          // crema.optim.SGD
          String s = "crema.train.Trainer";
          Object o = crema.data.Batch.class;
        }
        """;
    assertEquals(Set.of("crema.viz", "crema.display", "crema.data"), references(code(source)));
  }

  @Test
  void theOrderPutsTheGroundFloorFirst() throws IOException {
    Map<String, Integer> floors = floors(Files.readString(ORDER));
    assertTrue(floors.get("crema.display") < floors.get("crema.tensor"));
    assertTrue(floors.get("crema.tensor") < floors.get("crema.nn"));
    assertTrue(floors.get("crema.nn") < floors.get("crema.viz"));
    assertFalse(floors.isEmpty());
  }

  /** Package to floor number, 0 the ground floor, from the fenced block in docs/layers.md. */
  static Map<String, Integer> floors(String doc) {
    int begin = doc.indexOf("<!-- layers:begin -->");
    int end = doc.indexOf("<!-- layers:end -->");
    if (begin < 0 || end < begin) {
      throw new IllegalStateException("docs/layers.md: no <!-- layers:begin/end --> block");
    }
    List<String> lines = new ArrayList<>();
    for (String line : doc.substring(begin, end).split("\n")) {
      String t = line.strip();
      if (t.startsWith("crema")) {
        lines.add(t);
      }
    }
    Map<String, Integer> floors = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      for (String pkg : lines.get(i).split("\\s+")) {
        floors.put(pkg, lines.size() - 1 - i);
      }
    }
    return floors;
  }

  /** The longest listed package that is {@code pkg} or one of its parents; null if none. */
  static String unitOf(String pkg, Map<String, Integer> floors) {
    for (String p = pkg; ; p = p.substring(0, p.lastIndexOf('.'))) {
      if (floors.containsKey(p)) {
        return p;
      }
      if (p.indexOf('.') < 0) {
        return null;
      }
    }
  }

  static Set<String> references(String code) {
    Set<String> out = new TreeSet<>();
    for (String line : code.split("\n")) {
      if (line.strip().startsWith("package ")) {
        continue;
      }
      Matcher m = REFERENCE.matcher(line);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /** The source with comments, string and character literals and text blocks blanked out. */
  static String code(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (s.startsWith("//", i)) {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (s.startsWith("/*", i)) {
        int e = s.indexOf("*/", i + 2);
        i = e < 0 ? s.length() : e + 2;
        out.append(' ');
      } else if (s.startsWith("\"\"\"", i)) {
        int e = s.indexOf("\"\"\"", i + 3);
        i = e < 0 ? s.length() : e + 3;
        out.append("\"\"");
      } else if (c == '"' || c == '\'') {
        i++;
        while (i < s.length() && s.charAt(i) != c) {
          i += s.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
        out.append(c).append(c);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
