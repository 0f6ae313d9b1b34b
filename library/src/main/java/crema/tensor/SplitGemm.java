package crema.tensor;

/**
 * One large native GEMM cut into one GEMM per core, for when the native BLAS itself runs a single
 * thread ({@code OPENBLAS_NUM_THREADS=1}, the setting that suits training, whose many small calls
 * lose more to BLAS's thread hand-offs than they gain).
 *
 * <p>With one BLAS thread, a layer's {@code [64, 784] x [784, 400]} product would use one of the
 * two cores. Cut the rows of {@code C} into contiguous blocks instead, and each block is an
 * independent GEMM on the same operands: for rows {@code r0..r1},
 *
 * <pre>
 *   C[r0:r1, :] = alpha A[r0:r1, :] op(B) + beta C[r0:r1, :]
 * </pre>
 *
 * The blocks write disjoint rows of {@code C}, so {@link Parallel} runs them at once with no
 * locking, and a block is just an offset into the same arrays (no copies). {@code op(B)} is packed
 * once per block: about {@code 1/rows} of the multiply-adds.
 *
 * <p>Only rows of a non-transposed {@code A} are cut. netlib's argument check wants every operand
 * to extend a full leading dimension past its last column ({@code off + ld * columns <= length}),
 * so a block that starts in the middle of a stored row (a column block of {@code C}, or rows of a
 * transposed {@code A}) is refused although BLAS would never read past the end. Those calls (a
 * linear layer's {@code dW = dYᵀ X}) run whole.
 *
 * <pre>{@code
 * // C[64 x 400] = X[64 x 784] W^T: rows 0..31 and 32..63, one block per core
 * Blas.sgemm(false, true, 64, 400, 784, 1f, x, 0, 784, w, 0, 784, 0f, c, 0, 400);
 * }</pre>
 *
 * Calls from inside a {@link Parallel} body, or below {@link #MIN_WORK} multiply-adds, are not cut:
 * the cores are busy already, or the hand-off would cost more than the second core saves.
 *
 * <p>Opt-in ({@code -Dcrema.blas.split=true}, see {@link Blas}) until it is measured on a quiet
 * machine: {@code OPENBLAS_NUM_THREADS=1 java ... crema.tensor.GemmBenchmark split} (test classes)
 * prints both ways side by side.
 */
final class SplitGemm {
  /**
   * Multiply-adds below which a call runs whole: {@link JavaGemm}'s threshold too, about 40 us of
   * one-thread work at 100 GFLOP/s, large against handing a block to a pool thread.
   */
  static final long MIN_WORK = 1L << 21;

  /** Rows per block at least: thinner blocks waste BLAS's register tiles. */
  static final int MIN_BLOCK = 16;

  private SplitGemm() {}

  /**
   * The number of threads OpenBLAS was told to use by its environment ({@code
   * OPENBLAS_NUM_THREADS}, then {@code GOTO_NUM_THREADS}, then {@code OMP_NUM_THREADS}, read in
   * OpenBLAS's own order), or 0 when none is set (OpenBLAS then uses every core itself).
   */
  static int blasThreadsFromEnvironment() {
    for (String name :
        new String[] {"OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"}) {
      String v = System.getenv(name);
      if (v != null) {
        try {
          int t = Integer.parseInt(v.trim());
          if (t > 0) {
            return t;
          }
        } catch (NumberFormatException e) {
          // OpenBLAS ignores a value it cannot read, and so do we
        }
      }
    }
    return 0;
  }

  /** Whether a native call of this shape, made here and now, should be cut into row blocks. */
  static boolean worthSplitting(boolean transA, int m, int n, int k, long minWork) {
    return !transA
        && m >= 2 * MIN_BLOCK
        && (long) m * n * k >= minWork
        && Parallel.threads() > 1
        && !Parallel.inParallelRegion();
  }

  /** {@link Blas#sgemm}'s contract ({@code transA} false), run as one native GEMM per row block. */
  static void gemm(GemmArgs g) {
    // One block per thread, not Parallel's smaller pieces: each block packs op(B) again.
    int parts = Math.min(Parallel.threads(), g.m() / MIN_BLOCK);
    int m = g.m();
    Parallel.parallelFor(
        parts,
        1,
        (p0, p1) -> {
          for (int p = p0; p < p1; p++) {
            Blas.nativeSgemm(g.rows(m * p / parts, m * (p + 1) / parts));
          }
        });
  }
}
