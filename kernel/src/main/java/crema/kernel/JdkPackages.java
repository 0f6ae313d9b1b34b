package crema.kernel;

import java.lang.module.ModuleDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Completes the JDK's package names: {@code java.util.con} to {@code concurrent.}, {@code import
 * jav} to {@code java.} and {@code javax.} (with the dot, as JShell completes a package).
 *
 * <p>JShell completes package names from its class index, which the kernel keeps off the JDK to
 * save 14 MB per kernel ({@code crema.kernel.exec.NoJdkIndexFileManager}). The names come instead
 * from the modules this JVM runs with, whose descriptors are in memory anyway: every package that a
 * module exports to all (the packages a cell can import). The cells compile against the same JDK.
 *
 * <pre>{@code
 * JdkPackages.complete("import java.util.con", 20);   // ["concurrent."], typed from index 17
 * }</pre>
 */
final class JdkPackages {
  /** Every package that a boot-layer module exports to all, sorted; made on first use. */
  private static volatile List<String> exported;

  private JdkPackages() {}

  /** What completes the identifier before {@code cursor}, and where that identifier starts. */
  record Completion(List<String> names, int start) {}

  /**
   * The next package-name segments that complete the dotted name ending at {@code cursor}: with
   * {@code java.util.con} there, the packages {@code java.util.con*} give {@code concurrent.}.
   * Empty where the name before the cursor is no package prefix ({@code list.si}, {@code
   * foo().ja}).
   */
  static Completion complete(String code, int cursor) {
    int start = cursor;
    while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
      start--;
    }
    String partial = code.substring(start, cursor);
    int chain = start;
    while (chain > 0
        && (Character.isJavaIdentifierPart(code.charAt(chain - 1))
            || code.charAt(chain - 1) == '.')) {
      chain--;
    }
    String qualified = code.substring(chain, start); // "java.util." or ""
    // Not after a quote (a string, a char) or an at sign (an annotation).
    boolean quoted = chain > 0 && "\"'@".indexOf(code.charAt(chain - 1)) >= 0;
    if (partial.isEmpty() && qualified.isEmpty()
        || qualified.startsWith(".")
        || quoted
        || !partial.isEmpty() && !Character.isJavaIdentifierStart(partial.charAt(0))) {
      return new Completion(List.of(), start);
    }
    Set<String> names = new TreeSet<>();
    for (String p : exported()) {
      if (p.startsWith(qualified) && p.startsWith(partial, qualified.length())) {
        int end = p.indexOf('.', qualified.length());
        names.add(p.substring(qualified.length(), end < 0 ? p.length() : end) + ".");
      }
    }
    return new Completion(List.copyOf(names), start);
  }

  private static List<String> exported() {
    List<String> e = exported;
    if (e == null) {
      Set<String> all = new TreeSet<>();
      for (Module m : ModuleLayer.boot().modules()) {
        for (ModuleDescriptor.Exports x : m.getDescriptor().exports()) {
          if (!x.isQualified()) {
            all.add(x.source());
          }
        }
      }
      e = new ArrayList<>(all);
      exported = e;
    }
    return e;
  }
}
