package crema.backend;

import java.util.function.Consumer;

/**
 * One large GEMM cut into one piece per core, when OpenBLAS itself runs single-threaded ({@code
 * OPENBLAS_NUM_THREADS=1}, the project's setting for training): without it, a dense layer's
 * products ({@code [64, 784] x [784, 400]} in a VAE) ran on one core while the other waited.
 *
 * <p>The product {@code C = alpha op(A) op(B) + beta C} is cut along a dimension whose pieces are
 * sub-matrices that netlib accepts (it checks every matrix as if its last row were a whole leading
 * dimension long, see {@link GemmArgs#fitsWholeRows()}):
 *
 * <ul>
 *   <li><b>rows of C</b> ({@code m}), when A is stored untransposed: piece {@code p} is {@code
 *       C[i0:i1, :] = alpha A[i0:i1, :] op(B) + beta C[i0:i1, :]}, each piece a block of whole rows
 *       of A and C. A linear layer's forward {@code x·Wᵀ} and its input gradient {@code dY·W}.
 *   <li><b>the inner dimension</b> ({@code k}), when A is stored transposed and B is not: {@code C
 *       = alpha Σ_p A[k0:k1, :]ᵀ B[k0:k1, :] + beta C}, each piece a block of whole stored rows of
 *       A and B. The first piece writes C, the others a zeroed-by-{@code beta = 0} workspace of
 *       their own that is then added into C. A weight gradient {@code dYᵀ·x}, whose inner dimension
 *       is the batch.
 * </ul>
 *
 * Other products (B untransposed with A untransposed is covered by rows; the rest) run whole.
 * Cutting by columns of C would give pieces that netlib refuses whenever C ends its array.
 *
 * <p>The sums are the same products regrouped, so results differ from the whole product by float
 * rounding only (for the inner cut: one more addition per element).
 *
 * <pre>{@code
 * if (GemmSplit.worthIt(g)) GemmSplit.run(g, NativeGemm::nativeSgemm);
 * }</pre>
 */
public final class GemmSplit {
  private static volatile boolean enabled = !"off".equals(System.getProperty("crema.gemmSplit"));

  /**
   * Products from this many multiply-adds up (16.8 M; a VAE's {@code [64, 784] x [784, 400]} is 20
   * M) are cut: one core takes about 0.2 ms for them. Smaller ones lost by the cut: an MLP's {@code
   * [64, 784] x [784, 256]} (12.8 M) ran 3-15 % slower cut in two, its weights (0.8 MB) fit in the
   * cache of the core that had just updated them, and the other core had to pull them across.
   */
  static final long MIN_WORK = 1L << 24;

  /** A piece along the inner dimension keeps at least this many of it. */
  private static final int MIN_INNER = 16;

  private GemmSplit() {}

  /**
   * Whether {@code g} is worth cutting over the cores: large, outside a parallel loop (whose bodies
   * already keep every core busy), on more than one core, of a shape that cuts into pieces netlib
   * accepts, on a machine whose cores are not oversubscribed ({@link MachineLoad}), and while the
   * cores are near each other ({@link CoreDistance}).
   */
  static boolean worthIt(GemmArgs g) {
    return enabled
        && Parallel.threads() > 1
        && (long) g.m() * g.n() * g.k() >= MIN_WORK
        && !Parallel.inParallelRegion()
        && pieces(g) > 1
        && !MachineLoad.busy()
        && !CoreDistance.far();
  }

  /**
   * Switches the cut on (the default) or off ({@code -Dcrema.gemmSplit=off}): off, every product
   * runs whole on the calling thread. Values differ by rounding only; the switch is for measuring
   * what the cut saves.
   */
  public static void setEnabled(boolean on) {
    enabled = on;
  }

  /** Runs {@code g} as pieces over the cores, each through {@code gemm}. */
  static void run(GemmArgs g, Consumer<GemmArgs> gemm) {
    int parts = pieces(g);
    if (!g.transA()) {
      Parallel.parallelFor(parts, 1, (p0, p1) -> byRows(g, parts, p0, p1, gemm));
      return;
    }
    // The inner cut: piece 0 accumulates into C with the caller's beta, the others into
    // workspaces that are summed into C afterwards, in piece order (a fixed order: the result
    // does not depend on which thread finished first).
    float[][] partial = new float[parts][];
    for (int p = 1; p < parts; p++) partial[p] = ArrayPool.takeUninitialised(g.m() * g.n());
    Parallel.parallelFor(parts, 1, (p0, p1) -> byInner(g, parts, p0, p1, partial, gemm));
    Parallel.parallelFor(g.m(), 16, (i0, i1) -> addInto(g, partial, i0, i1));
    for (int p = 1; p < parts; p++) ArrayPool.give(partial[p]);
  }

  /** How many pieces {@code g} is cut into: one per core, each at least a few rows deep. */
  private static int pieces(GemmArgs g) {
    int along;
    if (!g.transA()) {
      along = g.m();
    } else if (!g.transB()) {
      along = g.k() / MIN_INNER;
    } else {
      return 1;
    }
    return Math.min(Parallel.threads(), along);
  }

  /** Pieces {@code [p0, p1)} of the cut by rows of A and C. */
  private static void byRows(GemmArgs g, int parts, int p0, int p1, Consumer<GemmArgs> gemm) {
    for (int p = p0; p < p1; p++) {
      int i0 = bound(g.m(), p, parts);
      int i1 = bound(g.m(), p + 1, parts);
      gemm.accept(
          new GemmArgs(
              false,
              g.transB(),
              i1 - i0,
              g.n(),
              g.k(),
              g.alpha(),
              g.a(),
              g.aOff() + i0 * g.lda(),
              g.lda(),
              g.b(),
              g.bOff(),
              g.ldb(),
              g.beta(),
              g.c(),
              g.cOff() + i0 * g.ldc(),
              g.ldc()));
    }
  }

  /** Pieces {@code [p0, p1)} of the cut along the inner dimension (A transposed, B not). */
  private static void byInner(
      GemmArgs g, int parts, int p0, int p1, float[][] partial, Consumer<GemmArgs> gemm) {
    for (int p = p0; p < p1; p++) {
      int k0 = bound(g.k(), p, parts);
      int k1 = bound(g.k(), p + 1, parts);
      boolean first = p == 0;
      gemm.accept(
          new GemmArgs(
              true,
              false,
              g.m(),
              g.n(),
              k1 - k0,
              g.alpha(),
              g.a(),
              g.aOff() + k0 * g.lda(),
              g.lda(),
              g.b(),
              g.bOff() + k0 * g.ldb(),
              g.ldb(),
              first ? g.beta() : 0f,
              first ? g.c() : partial[p],
              first ? g.cOff() : 0,
              first ? g.ldc() : g.n()));
    }
  }

  /** {@code C += partial[p]} for {@code p >= 1}, rows {@code [i0, i1)}; each partial dense. */
  private static void addInto(GemmArgs g, float[][] partial, int i0, int i1) {
    float[] c = g.c();
    int n = g.n();
    for (int p = 1; p < partial.length; p++) {
      float[] part = partial[p];
      for (int i = i0; i < i1; i++) {
        int ci = g.cOff() + i * g.ldc();
        int pi = i * n;
        for (int j = 0; j < n; j++) c[ci + j] += part[pi + j];
      }
    }
  }

  private static int bound(int n, int p, int parts) {
    return (int) ((long) n * p / parts);
  }
}
