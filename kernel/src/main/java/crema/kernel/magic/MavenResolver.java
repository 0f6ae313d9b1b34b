package crema.kernel.magic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Resolves {@code %maven group:artifact:version} with the Maven installed on the machine: it writes
 * a throw-away POM with the dependencies and runs {@code mvn dependency:copy-dependencies}, first
 * offline (from {@code ~/.m2}, fast), then online. Transitive dependencies come along.
 *
 * <p>Using {@code mvn} rather than embedding maven-resolver keeps the kernel small and uses the
 * user's own {@code settings.xml} (mirrors, proxies).
 */
public final class MavenResolver {
  private static final Pattern COORDS =
      Pattern.compile("[A-Za-z0-9_.\\-]+:[A-Za-z0-9_.\\-]+(:[A-Za-z0-9_.\\-]+){1,3}");

  /** Jars on success, or an error message. */
  public record Result(List<Path> jars, String error) {}

  private MavenResolver() {}

  /**
   * Checks coordinates: {@code g:a:v}, {@code g:a:packaging:v} or {@code
   * g:a:packaging:classifier:v}.
   */
  public static String checkCoordinates(String c) {
    if (!COORDS.matcher(c).matches()) {
      return "%maven: \""
          + c
          + "\" is not group:artifact:version (e.g. org.apache.commons:commons-math3:3.6.1)";
    }
    return null;
  }

  /** Resolves the given coordinates and their dependencies to local jars. */
  public static Result resolve(List<String> coords, Consumer<String> progress) {
    StringBuilder deps = new StringBuilder();
    for (String c : coords) {
      String bad = checkCoordinates(c);
      if (bad != null) {
        return new Result(List.of(), bad);
      }
      String[] p = c.split(":");
      deps.append("<dependency><groupId>")
          .append(p[0])
          .append("</groupId><artifactId>")
          .append(p[1])
          .append("</artifactId><version>")
          .append(p[p.length - 1])
          .append("</version>");
      if (p.length >= 4) {
        deps.append("<type>").append(p[2]).append("</type>");
      }
      if (p.length == 5) {
        deps.append("<classifier>").append(p[3]).append("</classifier>");
      }
      deps.append("</dependency>");
    }
    String key =
        HexFormat.of()
            .formatHex(
                Integer.toHexString(String.join(" ", coords).hashCode())
                    .getBytes(StandardCharsets.US_ASCII));
    Path dir = Path.of(System.getProperty("user.home"), ".cache", "crema", "maven", key);
    Path out = dir.resolve("jars");
    try {
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve("pom.xml"),
          "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
              + "<groupId>crema.user</groupId><artifactId>maven-magic</artifactId><version>1</version>"
              + "<dependencies>"
              + deps
              + "</dependencies></project>");
    } catch (IOException e) {
      return new Result(List.of(), "%maven: cannot write to " + dir + ": " + e.getMessage());
    }
    String mvn = findMvn();
    if (mvn == null) {
      return new Result(
          List.of(), "%maven needs Maven (mvn) on the PATH: sudo apt-get install maven");
    }
    String offlineLog = run(mvn, dir, out, true);
    if (offlineLog != null) {
      progress.accept("Resolving " + String.join(" ", coords) + " from remote repositories...\n");
      String onlineLog = run(mvn, dir, out, false);
      if (onlineLog != null) {
        return new Result(
            List.of(),
            "%maven could not resolve "
                + String.join(" ", coords)
                + ": not in ~/.m2 and the remote repositories failed (offline?).\n"
                + onlineLog);
      }
    }
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(out, "*.jar")) {
      ds.forEach(jars::add);
    } catch (IOException e) {
      return new Result(List.of(), "%maven: no jars were copied to " + out);
    }
    jars.sort(null);
    return new Result(jars, null);
  }

  private static String findMvn() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(d, "mvn");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  /** Runs Maven; returns {@code null} on success, else the tail of its output. */
  private static String run(String mvn, Path dir, Path out, boolean offline) {
    List<String> cmd = new ArrayList<>(List.of(mvn, "-B", "-q"));
    if (offline) {
      cmd.add("-o");
    }
    cmd.addAll(
        List.of(
            "-f",
            dir.resolve("pom.xml").toString(),
            "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies",
            "-DoutputDirectory=" + out,
            "-DincludeScope=runtime"));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] log = p.getInputStream().readAllBytes();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "mvn timed out";
      }
      if (p.exitValue() == 0) {
        return null;
      }
      String s = new String(log, StandardCharsets.UTF_8);
      List<String> lines = s.lines().filter(l -> l.contains("ERROR")).limit(5).toList();
      return String.join("\n", lines.isEmpty() ? s.lines().limit(5).toList() : lines);
    } catch (IOException e) {
      return "cannot run " + mvn + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
