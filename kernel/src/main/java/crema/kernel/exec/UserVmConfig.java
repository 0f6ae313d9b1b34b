package crema.kernel.exec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * How the user VM is started and what the compiler sees: class path, JVM options (defaults, then
 * {@code CREMA_JVM_OPTS}), class-data sharing, and the imports every notebook starts with.
 */
public final class UserVmConfig {
  /**
   * One default option of the user VM, and the prefixes of the options that replace it: a user
   * option starting with any of them drops the default, so that {@code CREMA_JVM_OPTS} overrides
   * each default on its own (two collectors at once would stop the JVM, and {@code -Xmn} would
   * silently win over a user's {@code -XX:NewRatio}). Given only from JDK {@code minJava} on, and
   * only where the JVM sees at least {@code minMemoryBytes}.
   */
  record Default(List<String> options, List<String> replacedBy, int minJava, long minMemoryBytes) {
    Default(List<String> options, List<String> replacedBy) {
      this(options, replacedBy, 0, 0);
    }

    Default(String option, List<String> replacedBy) {
      this(List.of(option), replacedBy);
    }

    /** Whether this default is for a JVM of this version that sees this much memory. */
    boolean appliesTo(int javaVersion, long memoryBytes) {
      return javaVersion >= minJava && memoryBytes >= minMemoryBytes;
    }
  }

  /** The options that set the heap's ceiling. */
  private static final List<String> CEILING =
      List.of("-Xmx", "-XX:MaxHeapSize", "-XX:MaxRAMPercentage", "-XX:MaxRAM");

  /** The options that set the initial heap. */
  private static final List<String> INITIAL =
      List.of("-Xms", "-XX:InitialHeapSize", "-XX:InitialRAMPercentage");

  /**
   * The options that choose a collector, which replace the serial default. Only these: other {@code
   * -XX:+Use...} options ({@code UseCompactObjectHeaders}, {@code UseNUMA}, {@code UseLargePages})
   * leave the collector as it is.
   */
  static final List<String> COLLECTORS =
      List.of(
          "-XX:+UseSerialGC",
          "-XX:-UseSerialGC",
          "-XX:+UseParallelGC",
          "-XX:+UseParallelOldGC",
          "-XX:+UseG1GC",
          "-XX:+UseZGC",
          "-XX:+UseShenandoahGC",
          "-XX:+UseEpsilonGC",
          "-XX:+UseConcMarkSweepGC");

  /**
   * The initial heap. Given with {@code -XX:InitialRAMPercentage=0}, which it wins over, so that
   * when it is left out (a participant's own heap ceiling, which could be smaller, or a small
   * machine) the heap still starts at the smallest size instead of 1/64 of the machine's memory.
   */
  static final String INITIAL_HEAP = "-Xms112m";

  /**
   * The memory the JVM must see for {@link #INITIAL_HEAP} to be given: half of it is the default
   * ceiling, which the JVM refuses to start below the initial heap.
   */
  static final long MIN_MEMORY_FOR_INITIAL_HEAP = 1L << 30;

  /** A product option from JDK 22 on (experimental before), so only given there. */
  static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=5000";

  /**
   * The user VM's memory defaults, chosen by measuring training in the notebook (see the README's
   * "Memory and JVM options" and docs/performance.md):
   *
   * <ul>
   *   <li>the serial collector: a training step's garbage dies young, so a young collection copies
   *       little, and one collector thread leaves the cores to the training; it also has the
   *       smallest footprint of the collectors;
   *   <li>a fixed young generation of 64 MB, split into 21 MB of eden and two 21 MB survivor
   *       spaces, with a collection promoting only once they are 90 % full: each step's fresh
   *       arrays come from a nursery that stays warm in the caches (with the default sizing, a
   *       third of the heap, or G1's adaptive eden of hundreds of MB, LeNet trained at a third of
   *       the speed), and the activations still alive at a collection stay in a survivor space
   *       instead of being promoted (with 6 MB survivors the CNN's old generation filled with dead
   *       activations up to the ceiling: 2.5-4.9 GB resident). Up to 19 MB may survive a collection
   *       before anything is promoted early, more than the 16 MB of the 128 MB young generation
   *       used before (two 32 MB survivors, promoting at half). Since a training step takes its
   *       arrays from the library's pool, the eden no longer needs to be large: this one keeps
   *       38-52 MB less resident while any of the bench's six models trains (speeds in
   *       docs/memory.md);
   *   <li>a heap ceiling of half the memory the JVM sees, which is the container's limit in a pod
   *       (the JVM reads cgroup limits) and the machine's elsewhere; the old generation grows only
   *       as the participant's data needs it;
   *   <li>a small initial heap, 112 MB: the young generation and 48 MB of old generation, committed
   *       but not written. Smaller, the training warm-up's full collections of an idle kernel left
   *       what they kept in the eden, and the young collections that followed wrote the survivor
   *       spaces (278-293 MB idle with it, 298-335 without, docs/memory.md); larger, what the old
   *       generation shrinks back to after a collection would be held up by it (the JVM's own
   *       initial size is 1/64 of the machine's memory, 384 MB on a 24 GB machine). Left out, for
   *       {@code -XX:InitialRAMPercentage=0} (the smallest heap), when the participant gives a heap
   *       size of their own, which could be below it, or when the JVM sees less than 1 GB;
   *   <li>after a full collection, an old generation shrunk at once to at most 10 % above what is
   *       live (the JVM's defaults shrink in steps over four collections, to 70 % free): when the
   *       participant is idle, the agent's {@code IdleTrim} runs one collection, and the memory of
   *       the garbage and of the emptied array pool goes back to the machine (notebook 02 after
   *       training: 647 to 564 MB). The two ratios are one default, so that giving either keeps the
   *       pair valid;
   *   <li>on JDK 22 and later, the C heap trimmed every 5 s: memory the JIT compilers freed goes
   *       back to the system instead of staying resident in an idle kernel (about 15 MB).
   * </ul>
   */
  static final List<Default> MEMORY_DEFAULTS =
      List.of(
          new Default("-XX:+UseSerialGC", COLLECTORS),
          new Default("-Xmn64m", List.of("-Xmn", "-XX:NewSize", "-XX:MaxNewSize", "-XX:NewRatio")),
          new Default(
              "-XX:SurvivorRatio=1",
              List.of("-XX:SurvivorRatio", "-XX:InitialSurvivorRatio", "-XX:MinSurvivorRatio")),
          new Default("-XX:TargetSurvivorRatio=90", List.of("-XX:TargetSurvivorRatio")),
          new Default("-XX:MaxRAMPercentage=50", CEILING),
          new Default("-XX:InitialRAMPercentage=0", INITIAL),
          new Default(
              List.of(INITIAL_HEAP),
              Stream.concat(INITIAL.stream(), CEILING.stream()).toList(),
              0,
              MIN_MEMORY_FOR_INITIAL_HEAP),
          new Default(
              List.of("-XX:MinHeapFreeRatio=5", "-XX:MaxHeapFreeRatio=10"),
              List.of("-XX:MinHeapFreeRatio", "-XX:MaxHeapFreeRatio")),
          new Default(
              "-XX:-ShrinkHeapInSteps",
              List.of("-XX:+ShrinkHeapInSteps", "-XX:-ShrinkHeapInSteps")),
          new Default(List.of(TRIM_NATIVE_HEAP), List.of("-XX:TrimNativeHeapInterval"), 22, 0));

  /** JShell's own default imports, which the API (unlike the jshell tool) does not add. */
  static final List<String> DEFAULT_IMPORTS =
      List.of(
          "java.io",
          "java.math",
          "java.net",
          "java.nio.file",
          "java.util",
          "java.util.concurrent",
          "java.util.function",
          "java.util.regex",
          "java.util.stream");

  private final Path kernelJar;
  private final List<Path> libraryJars;
  private final List<String> jvmOpts;
  private final int javaVersion = Runtime.version().feature();

  public UserVmConfig(Path kernelJar, List<Path> libraryJars, List<String> jvmOpts) {
    this.kernelJar = kernelJar;
    this.libraryJars = List.copyOf(libraryJars);
    this.jvmOpts = List.copyOf(jvmOpts);
  }

  /** Splits {@code CREMA_JVM_OPTS}-style text on whitespace (no shell quoting). */
  public static List<String> splitOptions(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String s : text.trim().split("\\s+")) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  /** Options of the user VM's JVM. */
  List<String> userVmOptions(String sideChannelAddress) {
    List<String> o = new ArrayList<>();
    List<Path> cp = new ArrayList<>();
    cp.add(kernelJar);
    cp.addAll(libraryJars);
    o.add("-cp");
    o.add(String.join(File.pathSeparator, cp.stream().map(Path::toString).toList()));
    o.add("-Djava.awt.headless=true");
    o.add("-D" + crema.kernel.agent.UserVmAgent.SIDE_CHANNEL_PROPERTY + "=" + sideChannelAddress);
    if (javaVersion >= 22) {
      o.add("--enable-native-access=ALL-UNNAMED");
    }
    // The JDK's own class archive only: a dynamic archive written by each VM at exit raced between
    // kernels running side by side (as the kernel JVM's once did, see install-kernelspec.sh).
    o.add("-Xshare:auto");
    o.addAll(memoryDefaults(jvmOpts, javaVersion, memoryBytes()));
    o.addAll(jvmOpts);
    return o;
  }

  /**
   * The memory this JVM sees, which the user VM sees too: the container's limit in a pod (the JDK
   * reads cgroup limits), the machine's elsewhere.
   */
  private static long memoryBytes() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize();
  }

  /**
   * The {@link #MEMORY_DEFAULTS} for this JDK and this much memory that none of the user's options
   * replaces.
   */
  static List<String> memoryDefaults(List<String> userOptions, int javaVersion, long memoryBytes) {
    List<String> out = new ArrayList<>();
    for (Default d : MEMORY_DEFAULTS) {
      if (!d.appliesTo(javaVersion, memoryBytes)) {
        continue;
      }
      boolean replaced =
          userOptions.stream().anyMatch(u -> d.replacedBy().stream().anyMatch(u::startsWith));
      if (!replaced) {
        out.addAll(d.options());
      }
    }
    return out;
  }

  /**
   * Options for JShell's compiler: the {@code --add-modules} and {@code --enable-preview} given.
   */
  List<String> compilerOptions() {
    List<String> o = new ArrayList<>();
    for (int i = 0; i < jvmOpts.size(); i++) {
      String s = jvmOpts.get(i);
      if (s.equals("--add-modules") && i + 1 < jvmOpts.size()) {
        o.add(s);
        o.add(jvmOpts.get(++i));
      } else if (s.startsWith("--add-modules=") || s.equals("--enable-preview")) {
        o.add(s);
        if (s.equals("--enable-preview")) {
          o.add("--release");
          o.add(Integer.toString(javaVersion));
        }
      }
    }
    return o;
  }

  /** The class path JShell's compiler gets (the library and its dependencies). */
  public String compilerClasspath() {
    return String.join(File.pathSeparator, libraryJars.stream().map(Path::toString).toList());
  }

  /**
   * The imports each session starts with: JShell's defaults, every {@code crema.*} package found in
   * the library jars, and {@code import static crema.display.Display.*}. A library class whose
   * simple name clashes with {@code java.lang} or a default import (e.g. {@code Module}) also gets
   * a single-type import, so that it wins instead of making the name ambiguous.
   */
  public List<String> preloadImports() {
    List<String> out = new ArrayList<>();
    for (String p : DEFAULT_IMPORTS) {
      out.add("import " + p + ".*;");
    }
    Set<String> packages = new TreeSet<>();
    Set<String> classes = new TreeSet<>();
    for (Path jar : libraryJars) {
      if (!jar.getFileName().toString().startsWith("crema-library")) {
        continue;
      }
      scan(jar, packages, classes);
    }
    for (String p : packages) {
      out.add("import " + p + ".*;");
    }
    for (String c : classes) {
      String simple = c.substring(c.lastIndexOf('.') + 1);
      if (clashes(simple)) {
        out.add("import " + c + ";");
      }
    }
    if (packages.contains("crema.display")) {
      out.add("import static crema.display.Display.*;");
    }
    return out;
  }

  private static void scan(Path jar, Set<String> packages, Set<String> classes) {
    try (JarFile jf = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> en = jf.entries();
      while (en.hasMoreElements()) {
        String n = en.nextElement().getName();
        if (!n.startsWith("crema/")
            || !n.endsWith(".class")
            || n.contains("$")
            || n.endsWith("package-info.class")
            || n.endsWith("module-info.class")) {
          continue;
        }
        String cls = n.substring(0, n.length() - ".class".length()).replace('/', '.');
        packages.add(cls.substring(0, cls.lastIndexOf('.')));
        classes.add(cls);
      }
    } catch (IOException e) {
      System.err.println("[crema] cannot read " + jar + ": " + e.getMessage());
    }
  }

  private static boolean clashes(String simple) {
    List<String> pkgs = new ArrayList<>(DEFAULT_IMPORTS);
    pkgs.add("java.lang");
    for (String p : pkgs) {
      try {
        Class.forName(p + "." + simple, false, ClassLoader.getPlatformClassLoader());
        return true;
      } catch (ClassNotFoundException | LinkageError e) {
        // no clash with this package
      }
    }
    return false;
  }

  public int javaVersion() {
    return javaVersion;
  }
}
