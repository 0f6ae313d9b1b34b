package crema.nn.functional;

import crema.tensor.Parallel;

/**
 * How this package splits a batch over the cores, through {@code crema.tensor}'s one shared pool
 * ({@link Parallel}; never a pool of our own, never stacked thread pools).
 *
 * <p>The policy follows PERFORMANCE-NOTES: per-sample GEMMs that are small run one per core, with
 * BLAS single-threaded inside each; a GEMM big enough for OpenBLAS to thread it on its own (about
 * {@code m·n·k ≥ 2^18}) runs sample after sample on the calling thread, so that the two kinds of
 * threads never multiply.
 */
final class Workers {
  /** OpenBLAS threads a GEMM from {@code m·n·k ≥ 65536·4} on (its SMP threshold). */
  static final long BLAS_THREADS_ITSELF = 1L << 18;

  private Workers() {}

  /** Runs {@code body} over the samples {@code [0, n)}, in parallel when each GEMM is small. */
  static void forEachSample(int n, long gemmSize, Parallel.Range body) {
    int grain = gemmSize >= BLAS_THREADS_ITSELF ? Math.max(1, n) : 1;
    Parallel.parallelFor(n, grain, body);
  }
}
