package crema.bench;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Two or more builds of the library, trained on one workload in one JVM, in alternating rounds: an
 * A/B measurement that a busy machine cannot tilt towards one side.
 *
 * <p>Why in one process: on the shared 2-core machines, the load of the neighbours changes from one
 * minute to the next, so two JVMs run one after the other measure the machine as much as the
 * library. Here every build gets its own class loader (the library jar plus the bench's classes,
 * loaded child-first), all builds share the JVM, the native BLAS and the heap, and each round runs
 * {@code steps} training steps of every build back to back, in the order A B in even rounds and B A
 * in odd ones. The figure to read is the per-round ratio: the first build's time over the other's,
 * in the same round, so above 1 means the other build is faster. Its median over the rounds, with
 * its range, is printed beside the plain medians of each build, and the load average at each round.
 *
 * <p>Both wall time and process CPU time (all threads, the library's worker team included) are
 * given per step. With {@code -Dcrema.threads=1} the CPU time is the cost of the work alone,
 * without the other thread's spinning or waiting: the steadiest figure on a loaded machine.
 *
 * <p>Each build trains the workload from the same seed on one fixed batch of seeded random images
 * (the speed of a step does not depend on the pixels).
 *
 * <pre>
 * OPENBLAS_NUM_THREADS=1 java -Xmx512m -XX:+UseParallelGC -cp target/bench/classes:library/target/lib/* \
 *     crema.bench.LibraryAB lstm main.jar one-gemm.jar
 * ...
 * round 17 (load 1.69):  main.jar 10.52 ms (cpu 19.75)  one-gemm.jar 10.56 ms (cpu 19.50)  ratio 0.996
 * main.jar: wall median 8.761 ms/step (7305 samples/s), cpu median 17.000 ms/step
 * one-gemm.jar: wall median 8.569 ms/step (7469 samples/s), cpu median 16.625 ms/step
 * one-gemm.jar against main.jar: per-round ratio median 1.017 (0.804-1.085), cpu 1.030
 * </pre>
 *
 * Properties: {@code crema.ab.rounds} (default 20), {@code crema.ab.steps} per round and build
 * (40), {@code crema.ab.warmup} steps per build before the first round (100), {@code
 * crema.ab.batch} (64). The library's own dependencies (netlib BLAS and the rest) come from the
 * class path; the library itself must not be on it.
 */
public final class LibraryAB {
  private LibraryAB() {}

  /** One build of the library with its copy of the workload. */
  private record Build(String name, Object workload, Method trainStep) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: LibraryAB WORKLOAD LIBRARY_JAR_A LIBRARY_JAR_B [more jars]");
      System.exit(2);
    }
    int rounds = Integer.getInteger("crema.ab.rounds", 20);
    int steps = Integer.getInteger("crema.ab.steps", 40);
    int warmup = Integer.getInteger("crema.ab.warmup", 100);
    int batch = Integer.getInteger("crema.ab.batch", 64);
    URL benchClasses = LibraryAB.class.getProtectionDomain().getCodeSource().getLocation();
    Build[] builds = new Build[args.length - 1];
    for (int i = 0; i < builds.length; i++) {
      builds[i] = load(args[0], new File(args[i + 1]), benchClasses);
    }
    Random rng = new Random(42);
    float[] x = new float[batch * 784];
    int[] y = new int[batch];
    for (int i = 0; i < x.length; i++) x[i] = rng.nextFloat();
    for (int i = 0; i < batch; i++) y[i] = rng.nextInt(10);
    for (Build b : builds) train(b, warmup, x, y, batch);

    double[][] wall = new double[builds.length][rounds];
    double[][] cpu = new double[builds.length][rounds];
    for (int r = 0; r < rounds; r++) {
      StringBuilder line =
          new StringBuilder(String.format(Locale.ROOT, "round %d (load %s):", r, loadAverage()));
      for (int k = 0; k < builds.length; k++) {
        int i = r % 2 == 0 ? k : builds.length - 1 - k; // alternate who runs first
        long cpu0 = TrainingLoop.processCpuNanos();
        long t0 = System.nanoTime();
        train(builds[i], steps, x, y, batch);
        wall[i][r] = (System.nanoTime() - t0) / 1e6 / steps;
        cpu[i][r] = (TrainingLoop.processCpuNanos() - cpu0) / 1e6 / steps;
      }
      for (int i = 0; i < builds.length; i++) {
        line.append(
            String.format(
                Locale.ROOT, "  %s %.2f ms (cpu %.2f)", builds[i].name(), wall[i][r], cpu[i][r]));
      }
      for (int i = 1; i < builds.length; i++) {
        line.append(String.format(Locale.ROOT, "  ratio %.3f", wall[0][r] / wall[i][r]));
      }
      System.out.println(line);
    }
    for (int i = 0; i < builds.length; i++) {
      System.out.printf(
          Locale.ROOT,
          "%s: wall median %.3f ms/step (%.0f samples/s), cpu median %.3f ms/step%n",
          builds[i].name(),
          median(wall[i]),
          batch * 1000 / median(wall[i]),
          median(cpu[i]));
    }
    for (int i = 1; i < builds.length; i++) {
      double[] ratio = new double[rounds];
      double[] cpuRatio = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        ratio[r] = wall[0][r] / wall[i][r];
        cpuRatio[r] = cpu[0][r] / cpu[i][r];
      }
      Arrays.sort(ratio);
      System.out.printf(
          Locale.ROOT,
          "%s against %s: per-round ratio median %.3f (%.3f-%.3f), cpu %.3f%n",
          builds[i].name(),
          builds[0].name(),
          median(ratio),
          ratio[0],
          ratio[rounds - 1],
          median(cpuRatio));
    }
    System.exit(0); // the builds' worker teams are daemon threads, but do not wait on them
  }

  /** The workload of one build, built from the bench's seed, behind its own class loader. */
  private static Build load(String workload, File jar, URL benchClasses) throws Exception {
    if (!jar.isFile()) {
      throw new IllegalArgumentException("LibraryAB: no library jar " + jar);
    }
    ClassLoader loader = new ChildFirst(new URL[] {jar.toURI().toURL(), benchClasses});
    String simple = Character.toUpperCase(workload.charAt(0)) + workload.substring(1);
    Class<?> type = Class.forName("crema.bench.workloads." + simple, true, loader);
    Class<?> seam = Class.forName(Workload.class.getName(), true, loader);
    Object w = type.getDeclaredConstructor().newInstance();
    seam.getMethod("build", long.class, double.class).invoke(w, 42L, 1e-3);
    Method step = seam.getMethod("trainStep", float[].class, int[].class, int.class);
    return new Build(jar.getPath(), w, step);
  }

  private static void train(Build b, int steps, float[] x, int[] y, int batch) throws Exception {
    for (int s = 0; s < steps; s++) b.trainStep().invoke(b.workload(), x, y, batch);
  }

  /**
   * Loads the library's and the bench's classes ({@code crema.*}) from its own jar and directory
   * before asking the parent, which holds the same bench classes for this harness; everything else
   * (the JDK, netlib and the other dependencies) comes from the parent, shared by all builds.
   */
  private static final class ChildFirst extends URLClassLoader {
    ChildFirst(URL[] urls) {
      super(urls, LibraryAB.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null && name.startsWith("crema.")) {
          try {
            c = findClass(name);
          } catch (ClassNotFoundException e) {
            c = null; // not in this build: the parent's
          }
        }
        if (c == null) {
          c = super.loadClass(name, false);
        }
        if (resolve) resolveClass(c);
        return c;
      }
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
