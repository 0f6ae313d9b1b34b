package crema.backend;

import java.util.function.Consumer;

/**
 * One large GEMM cut into one piece per core, when OpenBLAS itself runs single-threaded ({@code
 * OPENBLAS_NUM_THREADS=1}, the project's setting for training): without it, a dense layer's
 * products ({@code [64, 784] x [784, 400]} in a VAE) ran on one core while the other waited.
 *
 * <p>The product {@code C = alpha op(A) op(B) + beta C} is cut by <b>rows of C</b>: piece {@code p}
 * is {@code C[i0:i1, :] = alpha op(A)[i0:i1, :] op(B) + beta C[i0:i1, :]}, a block of whole rows of
 * C, each core writing its own. Rows of {@code op(A)} are rows of A stored untransposed (a linear
 * layer's forward {@code x·Wᵀ} and input gradient {@code dY·W}) and columns of A stored transposed
 * (its weight gradient {@code dYᵀ·x}). netlib checks every matrix as if its last row were a whole
 * leading dimension long ({@link GemmArgs#fitsWholeRows()}), which a block of columns that does not
 * start at A's first fails; such a piece runs on a compact copy of that block ({@code [batch, rows
 * of the piece]}, a few tens of KB), pooled. Cutting by columns of C would need the same for C
 * itself, which is large.
 *
 * <p>Until session 20 the weight gradient was cut along its inner dimension, the batch: each core
 * wrote a whole {@code [400, 784]} partial C and the partials were added afterwards. By rows, the
 * VAE trained 1.099 times as fast in {@code LibraryAB} (CPU per step 1.116), the course's {@code
 * models.VAE} 1.060, the CNN 0.998.
 *
 * <p>Each element of C is the same sum as in the whole product, so results differ from it by float
 * rounding at most (OpenBLAS may block a smaller product differently).
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
    Parallel.parallelFor(parts, 1, (p0, p1) -> byRows(g, parts, p0, p1, gemm));
  }

  /** How many pieces {@code g} is cut into: one per core, each at least a row of C. */
  private static int pieces(GemmArgs g) {
    return Math.min(Parallel.threads(), g.m());
  }

  /**
   * Pieces {@code [p0, p1)} of the cut by rows of C: rows {@code [i0, i1)} of {@code op(A)}, which
   * are rows of A stored untransposed and columns of A stored transposed. A piece that netlib would
   * refuse (columns of a transposed A that do not start at its first, see {@link
   * GemmArgs#fitsWholeRows()}) runs on a compact copy of its matrices.
   */
  private static void byRows(GemmArgs g, int parts, int p0, int p1, Consumer<GemmArgs> gemm) {
    for (int p = p0; p < p1; p++) {
      int i0 = bound(g.m(), p, parts);
      int i1 = bound(g.m(), p + 1, parts);
      GemmArgs piece =
          new GemmArgs(
              g.transA(),
              g.transB(),
              i1 - i0,
              g.n(),
              g.k(),
              g.alpha(),
              g.a(),
              g.aOff() + (g.transA() ? i0 : i0 * g.lda()),
              g.lda(),
              g.b(),
              g.bOff(),
              g.ldb(),
              g.beta(),
              g.c(),
              g.cOff() + i0 * g.ldc(),
              g.ldc());
      if (piece.fitsWholeRows()) {
        gemm.accept(piece);
      } else {
        GemmArgs compact = piece.compactedForNetlib();
        gemm.accept(compact);
        piece.copyBackC(compact);
        piece.releaseCompacted(compact);
      }
    }
  }

  private static int bound(int n, int p, int parts) {
    return (int) ((long) n * p / parts);
  }
}
