package crema.tensor;

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
 * after a warm-up, for C = A B with square float matrices.
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
    for (Blas.Backend be : Blas.Backend.values()) {
      if (be == Blas.Backend.NATIVE && !Blas.nativeAvailable()) {
        System.out.println("NATIVE: not available");
        continue;
      }
      for (int n : sizes) {
        System.out.printf(Locale.ROOT, "%-6s n=%4d  %7.1f GFLOP/s%n", be, n, measure(be, n));
      }
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
      Blas.sgemm(be, false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
    }
  }
}
