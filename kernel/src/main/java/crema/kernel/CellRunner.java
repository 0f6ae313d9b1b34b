package crema.kernel;

import com.google.gson.JsonObject;
import crema.kernel.exec.CellError;
import crema.kernel.exec.ErrorFormatter;
import crema.kernel.exec.JShellSession;
import crema.kernel.exec.OutputSink;
import crema.kernel.magic.MagicParser;
import crema.kernel.magic.MavenResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one cell: its Java code through the {@link JShellSession}, its magics here.
 *
 * <p>Magics: {@code %time} / {@code %%time}, {@code %classpath}, {@code %load}, {@code %maven},
 * {@code %%html}, {@code %%markdown}, {@code %%latex}, {@code %%javascript}, {@code %%svg}.
 */
final class CellRunner {
  static final List<String> LINE_MAGICS = List.of("time", "classpath", "load", "maven", "lsmagic");
  static final List<String> CELL_MAGICS =
      List.of("time", "html", "markdown", "latex", "javascript", "svg");

  private final JShellSession session;
  private final OutputSink sink;

  CellRunner(JShellSession session, OutputSink sink) {
    this.session = session;
    this.sink = sink;
  }

  /** Runs {@code cell}; returns the first error, which stops the cell. */
  JShellSession.Outcome run(String cell, int count, boolean silent) throws InterruptedException {
    for (MagicParser.Part part : MagicParser.parse(cell)) {
      JShellSession.Outcome o;
      if (part instanceof MagicParser.Code c) {
        o = session.execute(c.source(), count, silent);
      } else if (part instanceof MagicParser.LineMagic m) {
        o = lineMagic(m, count, silent);
      } else {
        o = cellMagic((MagicParser.CellMagic) part, count, silent);
      }
      if (!o.ok()) {
        return o;
      }
    }
    return new JShellSession.Outcome(null, false);
  }

  private JShellSession.Outcome lineMagic(MagicParser.LineMagic m, int count, boolean silent)
      throws InterruptedException {
    switch (m.name()) {
      case "time":
        return timed(m.args(), count, silent);
      case "classpath":
        return classpath(m.args());
      case "load":
        return load(m.args(), count, silent);
      case "maven":
        return maven(m.args());
      case "lsmagic":
        text(
            "Line magics: %"
                + String.join("  %", LINE_MAGICS)
                + "\nCell magics: %%"
                + String.join("  %%", CELL_MAGICS)
                + "\n");
        return ok();
      default:
        return fail(
            "UnknownMagic",
            "unknown line magic %" + m.name(),
            "Unknown magic %"
                + m.name()
                + " (line "
                + m.line()
                + "). Line magics: %"
                + String.join(", %", LINE_MAGICS)
                + ". Cell magics: %%"
                + String.join(", %%", CELL_MAGICS)
                + ".");
    }
  }

  private JShellSession.Outcome cellMagic(MagicParser.CellMagic m, int count, boolean silent)
      throws InterruptedException {
    String mime =
        switch (m.name()) {
          case "html" -> "text/html";
          case "markdown" -> "text/markdown";
          case "latex" -> "text/latex";
          case "javascript" -> "application/javascript";
          case "svg" -> "image/svg+xml";
          default -> null;
        };
    if (mime != null) {
      JsonObject data = new JsonObject();
      data.addProperty("text/plain", m.body());
      data.addProperty(mime, m.body());
      JsonObject bundle = new JsonObject();
      bundle.add("data", data);
      bundle.add("metadata", new JsonObject());
      session.flushOutput();
      sink.display(bundle, null, false);
      return ok();
    }
    if (m.name().equals("time")) {
      // Pad with one newline so that the body's lines keep the cell's numbering.
      return timed("\n" + m.body(), count, silent);
    }
    return fail(
        "UnknownMagic",
        "unknown cell magic %%" + m.name(),
        "Unknown cell magic %%"
            + m.name()
            + ". Cell magics: %%"
            + String.join(", %%", CELL_MAGICS)
            + ". Line magics: %"
            + String.join(", %", LINE_MAGICS)
            + ".");
  }

  private JShellSession.Outcome timed(String code, int count, boolean silent)
      throws InterruptedException {
    long t0 = System.nanoTime();
    JShellSession.Outcome o = session.execute(code, count, silent);
    long ns = System.nanoTime() - t0;
    text(String.format(Locale.ROOT, "Wall time: %s\n", human(ns)));
    return o;
  }

  static String human(long ns) {
    if (ns < 1_000_000L) {
      return String.format(Locale.ROOT, "%.0f µs", ns / 1e3);
    }
    if (ns < 1_000_000_000L) {
      return String.format(Locale.ROOT, "%.1f ms", ns / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", ns / 1e9);
  }

  private JShellSession.Outcome classpath(String args) throws InterruptedException {
    if (args.isBlank()) {
      List<String> cp = session.extraClasspath();
      text(
          cp.isEmpty()
              ? "No jars added yet: %classpath path/to/lib.jar or dir/*\n"
              : String.join("\n", cp) + "\n");
      return ok();
    }
    List<Path> paths = new ArrayList<>();
    for (String token : args.split("[\\s" + java.io.File.pathSeparator + "]+")) {
      if (token.isEmpty()) {
        continue;
      }
      String t =
          token.startsWith("~") ? System.getProperty("user.home") + token.substring(1) : token;
      try {
        paths.addAll(expand(t));
      } catch (IOException e) {
        return fail("ClasspathError", t + ": " + e.getMessage(), "%classpath: " + e.getMessage());
      }
    }
    for (Path p : paths) {
      session.addToClasspath(p.toAbsolutePath().toString());
    }
    text(
        "Added to the class path: "
            + String.join(", ", paths.stream().map(Path::toString).toList())
            + "\n");
    return ok();
  }

  private static List<Path> expand(String token) throws IOException {
    if (token.endsWith("/*") || token.endsWith("*.jar")) {
      Path dir =
          Path.of(token.substring(0, token.lastIndexOf('/') < 0 ? 0 : token.lastIndexOf('/')));
      if (!Files.isDirectory(dir)) {
        throw new IOException("no directory " + dir.toAbsolutePath());
      }
      List<Path> jars = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jar")) {
        ds.forEach(jars::add);
      }
      if (jars.isEmpty()) {
        throw new IOException("no jars in " + dir.toAbsolutePath());
      }
      return jars;
    }
    Path p = Path.of(token);
    if (!Files.exists(p)) {
      throw new IOException("no such file or directory: " + p.toAbsolutePath());
    }
    return List.of(p);
  }

  private JShellSession.Outcome load(String args, int count, boolean silent)
      throws InterruptedException {
    if (args.isBlank()) {
      return fail("LoadError", "no file given", "%load needs a file: %load path/to/Snippets.java");
    }
    Path p = Path.of(args.strip());
    String code;
    try {
      code = Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return fail(
          "LoadError",
          "cannot read " + p,
          "%load: cannot read "
              + p.toAbsolutePath()
              + " ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ")");
    }
    return session.execute(code, count, silent);
  }

  private JShellSession.Outcome maven(String args) throws InterruptedException {
    if (args.isBlank()) {
      return fail(
          "MavenError",
          "no coordinates",
          "%maven needs coordinates: %maven group:artifact:version");
    }
    MavenResolver.Result r = MavenResolver.resolve(List.of(args.strip().split("\\s+")), this::text);
    if (r.error() != null) {
      return fail("MavenError", r.error(), r.error());
    }
    for (Path jar : r.jars()) {
      session.addToClasspath(jar.toString());
    }
    text(
        "Added "
            + r.jars().size()
            + " jar(s): "
            + String.join(", ", r.jars().stream().map(j -> j.getFileName().toString()).toList())
            + "\n");
    return ok();
  }

  private void text(String s) {
    session.flushOutput();
    session.kernelText("stdout", s);
    session.flushOutput();
  }

  private static JShellSession.Outcome ok() {
    return new JShellSession.Outcome(null, false);
  }

  private static JShellSession.Outcome fail(String ename, String evalue, String message) {
    return new JShellSession.Outcome(
        new CellError(ename, evalue, List.of(ErrorFormatter.BOLD + message + ErrorFormatter.RESET)),
        false);
  }
}
