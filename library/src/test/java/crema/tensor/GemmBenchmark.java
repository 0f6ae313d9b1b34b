package crema.tensor;

import crema.backend.Blas;
import crema.backend.MatrixView;
import crema.backend.Parallel;
import java.util.Locale;

/**
 * GEMM throughput of both back ends (not a test). Run from the worktree root:
 *
 * <pre>
 * mvn -q -B -pl library test-compile
 * java --enable-native-access=ALL-UNNAMED -cp library/target/classes:library/target/test-classes:$(ls ~/.m2/repository/dev/ludovic/netlib/blas/3.0.3/blas-3.0.3.jar) crema.tensor.GemmBenchmark
 * </pre>
 *
 * Prints GFLOP/s ({@code 2 n^3} per product) at n = 64, 256, 512, best of several timed repetitions
 * after a warm-up, for C = A B with square float matrices. With the argument {@code overhead}, the
 * per-call cost of a fresh result array and of the op around BLAS, in thread CPU time.
 */
public final class GemmBenchmark {
  private GemmBenchmark() {}

  public static void main(String[] args) {
    int[] sizes = {64, 256, 512};
    System.out.println("Blas: " + Blas.describe() + ", Parallel.threads() = " + Parallel.threads());
    System.out.println(
        "OPENBLAS_CORETYPE="
            + System.getenv("OPENBLAS_CORETYPE")
            + " OPENBLAS_NUM_THREADS="
            + System.getenv("OPENBLAS_NUM_THREADS"));
    if (args.length > 0 && args[0].equals("overhead")) {
      System.out.println("load average: " + loadAverage());
      for (int n : sizes) {
        overhead(n);
      }
      return;
    }
    for (Blas.Backend be : Blas.Backend.values()) {
      if (be == Blas.Backend.NATIVE && !Blas.nativeAvailable()) {
        System.out.println("NATIVE: not available");
        continue;
      }
      for (int n : sizes) {
        System.out.printf(
            Locale.ROOT,
            "%-6s n=%4d  sgemm %7.1f GFLOP/s   Tensor.matmul %7.1f GFLOP/s%n",
            be,
            n,
            measure(be, n),
            measureOp(be, n));
      }
    }
  }

  /**
   * Where a small {@code matmul} loses against a bare BLAS call, in this thread's CPU time per call
   * (which a busy machine disturbs far less than the wall clock; run with {@code
   * OPENBLAS_NUM_THREADS=1}): BLAS into a reused {@code C}, into a new {@code C} each call (the
   * zeroing and cache misses of fresh memory), and {@link Tensor#matmul}. Medians, interleaved.
   */
  static void overhead(int n) {
    java.lang.management.ThreadMXBean tm = java.lang.management.ManagementFactory.getThreadMXBean();
    Rng rng = new Rng(n);
    float[] a = new float[n * n];
    float[] b = new float[n * n];
    float[] c = new float[n * n];
    rng.fillGaussian(a, 0, 1);
    rng.fillGaussian(b, 0, 1);
    Tensor ta = Tensor.wrap(a, n, n);
    Tensor tb = Tensor.wrap(b, n, n);
    String[] names = {"sgemm, C reused", "sgemm, new C", "Tensor.matmul"};
    int reps = 21;
    double[][] us = new double[names.length][reps];
    int calls = (int) Math.max(10, 3e8 / (2.0 * n * n * n));
    float sink = 0;
    for (int r = -3; r < reps; r++) { // three warm-up rounds
      for (int v = 0; v < names.length; v++) {
        long t0 = tm.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
          float[] out = v == 0 ? c : new float[n * n];
          if (v < 2) {
            Blas.sgemm(
                1f,
                MatrixView.of(a, 0, n, n),
                MatrixView.of(b, 0, n, n),
                0f,
                MatrixView.of(out, 0, n, n));
          } else {
            out = ta.matmul(tb).data();
          }
          sink += out[i % out.length];
        }
        if (r >= 0) {
          us[v][r] = (tm.getCurrentThreadCpuTime() - t0) / 1e3 / calls;
        }
      }
    }
    for (int v = 0; v < names.length; v++) {
      java.util.Arrays.sort(us[v]);
      double med = us[v][reps / 2];
      System.out.printf(
          Locale.ROOT,
          "overhead n=%4d  %-16s %9.2f us/call  %6.1f GFLOP/s%n",
          n,
          names[v],
          med,
          2.0 * n * n * n / med / 1e3);
    }
    if (sink == 42f) {
      System.out.println(); // keeps the products alive for the JIT
    }
  }

  /** The same product through the op users call: allocation and graph bookkeeping included. */
  static double measureOp(Blas.Backend be, int n) {
    Blas.Backend saved = Blas.backend();
    Blas.setBackend(be);
    try {
      Tensor a = Tensor.randn(new Rng(n), n, n);
      Tensor b = Tensor.randn(new Rng(n + 1), n, n);
      double flop = 2.0 * n * n * n;
      int calls = (int) Math.max(1, 5e9 / flop);
      double best = Double.MAX_VALUE;
      for (int r = 0; r < 10; r++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
          a.matmul(b);
        }
        if (r >= 3) { // the first repetitions warm up
          best = Math.min(best, (System.nanoTime() - t0) / 1e9 / calls);
        }
      }
      return flop / best / 1e9;
    } finally {
      Blas.setBackend(saved);
    }
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  static double measure(Blas.Backend be, int n) {
    Rng rng = new Rng(n);
    float[] a = new float[n * n];
    float[] b = new float[n * n];
    float[] c = new float[n * n];
    rng.fillGaussian(a, 0, 1);
    rng.fillGaussian(b, 0, 1);
    double flop = 2.0 * n * n * n;
    // Enough calls per repetition for ~50 ms of work at 100 GFLOP/s.
    int calls = (int) Math.max(1, 5e9 / flop);
    for (int w = 0; w < 3; w++) {
      run(be, n, a, b, c, calls);
    }
    double best = Double.MAX_VALUE;
    for (int r = 0; r < 7; r++) {
      long t0 = System.nanoTime();
      run(be, n, a, b, c, calls);
      best = Math.min(best, (System.nanoTime() - t0) / 1e9 / calls);
    }
    return flop / best / 1e9;
  }

  private static void run(Blas.Backend be, int n, float[] a, float[] b, float[] c, int calls) {
    for (int i = 0; i < calls; i++) {
      Blas.sgemm(
          be,
          1f,
          MatrixView.of(a, 0, n, n),
          MatrixView.of(b, 0, n, n),
          0f,
          MatrixView.of(c, 0, n, n));
    }
  }
}
