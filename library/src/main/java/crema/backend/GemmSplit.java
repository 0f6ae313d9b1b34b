package crema.backend;

import java.util.function.Consumer;

/**
 * One large GEMM cut into one piece per core, when OpenBLAS itself runs single-threaded ({@code
 * OPENBLAS_NUM_THREADS=1}, the project's setting for training): without it, a dense layer's
 * products ({@code [64, 784] x [784, 400]} in a VAE) ran on one core while the other waited.
 *
 * <p>The product {@code C = alpha op(A) op(B) + beta C} is cut in one of two ways:
 *
 * <ul>
 *   <li><b>by rows of C</b>: piece {@code p} is {@code C[i0:i1, :] = alpha op(A)[i0:i1, :] op(B) +
 *       beta C[i0:i1, :]}, a block of whole rows of C, each core writing its own. Rows of {@code
 *       op(A)} are rows of A stored untransposed (a linear layer's forward {@code x·Wᵀ} and input
 *       gradient {@code dY·W}) and columns of A stored transposed (its weight gradient {@code
 *       dYᵀ·x}). netlib checks every matrix as if its last row were a whole leading dimension long
 *       ({@link GemmArgs#fitsWholeRows()}), which a block of columns that does not start at A's
 *       first fails; such a piece runs on a compact, pooled copy of its {@code [k, rows]} block.
 *   <li><b>along the inner dimension</b> ({@code k}), when A is stored transposed, B is not, and
 *       {@code k} is at least twice C's columns: {@code C = alpha Σ_p A[k0:k1, :]ᵀ B[k0:k1, :] +
 *       beta C}, each piece a block of whole stored rows of A and B; the first piece writes C, the
 *       others a pooled C of their own, added into C afterwards in piece order. There the row cut's
 *       copies of A would be larger than these partial Cs: an LSTM's weight gradient over its 1,792
 *       rows of time steps and samples, {@code [128, 157]}.
 * </ul>
 *
 * Cutting by columns of C would need a copy of C itself, which is large.
 *
 * <p>Until session 20 every weight gradient was cut along the inner dimension; a VAE's ({@code k} =
 * 64 samples) wrote a whole {@code [400, 784]} partial C per core. By rows, the VAE trained 1.099
 * times as fast in {@code LibraryAB} (CPU per step 1.116), the course's {@code models.VAE} 1.060;
 * with the LSTM's cut by rows too, the LSTM 0.934 (its copies of A: 1,792 × 64 floats a piece).
 *
 * <p>Each element of C is the same sum as in the whole product (for the inner cut, regrouped), so
 * results differ from it by float rounding at most.
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
    if (!alongInner(g)) {
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

  /**
   * Whether {@code g} is cut along its inner dimension rather than by rows: A stored transposed, B
   * not, and an inner dimension of at least twice C's columns. By rows, every piece but the first
   * copies its {@code [k, rows]} block of A; along the inner dimension, every piece but the first
   * writes a whole {@code [m, n]} C of its own, which is then added up, about three passes over it.
   * A VAE's weight gradient ({@code k = 64} samples, {@code n = 784}) copies far less by rows; an
   * LSTM's ({@code k = 1,792} time steps of the batch, {@code n = 157}) far less along the inner
   * dimension (by rows it trained 7 % slower).
   */
  private static boolean alongInner(GemmArgs g) {
    return g.transA() && !g.transB() && g.k() >= 2L * g.n();
  }

  /** How many pieces {@code g} is cut into: one per core, each at least a row of C (or 16 of k). */
  private static int pieces(GemmArgs g) {
    int along = alongInner(g) ? g.k() / MIN_INNER : g.m();
    return Math.min(Parallel.threads(), along);
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
