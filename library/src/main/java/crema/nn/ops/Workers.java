package crema.nn.ops;

import crema.backend.Blas;
import crema.backend.Parallel;

/**
 * How this package splits a batch over the cores, through {@code crema.tensor}'s one shared pool
 * ({@link Parallel}; never a pool of our own, never stacked thread pools).
 *
 * <p>The samples run one chunk per core, each with its GEMMs single-threaded. The one exception is
 * a GEMM big enough for OpenBLAS to thread it on its own (about {@code m·n·k ≥ 2^18}) when OpenBLAS
 * may use several threads: then the samples run one after the other on the calling thread, so that
 * the two kinds of threads never multiply. With {@code OPENBLAS_NUM_THREADS=1} (PyTorch's best
 * configuration, and the benchmarks') or the pure-Java GEMM (single-threaded inside a parallel
 * region) splitting the batch is always right: otherwise the CNN's second convolution (64·196·288
 * multiply-adds per sample) would run on one core.
 */
final class Workers {
  private Workers() {}

  /**
   * Runs {@code body} over the samples {@code [0, n)}, split over the cores unless BLAS threads.
   */
  static void forEachSample(int n, long gemmSize, Parallel.Range body) {
    Parallel.parallelFor(n, Blas.threadsItself(gemmSize) ? Math.max(1, n) : 1, body);
  }

  /**
   * How many blocks of samples to cut {@code n} into for a loop whose blocks keep partial sums of
   * their own ({@link BlockPartials}): one per core, or one when BLAS threads the products itself.
   */
  static int blocks(int n, long gemmSize) {
    return Blas.threadsItself(gemmSize) ? 1 : BlockPartials.count(n, 1);
  }
}
