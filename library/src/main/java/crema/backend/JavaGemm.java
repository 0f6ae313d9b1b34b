package crema.backend;

/**
 * The pure-Java GEMM behind {@link Blas.Backend#JAVA}: {@code C = alpha op(A) op(B) + beta C},
 * row-major, blocked for the caches and tiled for registers, rows split across cores.
 *
 * <h2>How it is fast without the Vector API</h2>
 *
 * The naive triple loop reads B column-wise and runs at about 5 GFLOP/s. Here:
 *
 * <ol>
 *   <li>B is copied, one block of {@code KC x NC} at a time, into a panel of separate row arrays
 *       (transposing on the way if {@code transB}). The panel stays in L2 while it is reused by
 *       every row of A.
 *   <li>Four rows of C are computed together into four small accumulator arrays: for each {@code
 *       p}, {@code acc_r[j] += a_r * panel[p][j]} for r = 0..3. All arrays are indexed by the same
 *       {@code j} from 0, which is the shape of loop C2 auto-vectorises (AVX); one load of {@code
 *       panel[p][j]} feeds four fused multiply-adds.
 *   <li>The accumulators are added into C once per block.
 * </ol>
 *
 * Rows of C are split over {@link Parallel}'s threads for large products (each thread packs its own
 * B panel; that duplicate work is about {@code 1/rows} of the multiply-adds).
 */
public final class JavaGemm implements Gemm {
  /** The one instance: the kernel keeps no state between calls. */
  static final JavaGemm INSTANCE = new JavaGemm();

  private static final int KC = 256;
  private static final int NC = 256;
  private static final long PARALLEL_WORK = 1L << 21; // multiply-adds

  private JavaGemm() {}

  @Override
  public void gemm(GemmArgs g) {
    multiply(g);
  }

  /**
   * Never: large products split their rows over the library's own team ({@link Parallel}), which
   * inside a parallel loop runs them on the calling thread, so no second kind of thread appears.
   */
  @Override
  public boolean threadsItself(long work) {
    return false;
  }

  @Override
  public String describe() {
    return "pure Java";
  }

  /** {@link Blas#sgemm}'s contract on arguments {@link GemmArgs} has checked. */
  static void multiply(GemmArgs g) {
    int m = g.m();
    int n = g.n();
    float beta = g.beta();
    float[] c = g.c();
    for (int i = 0; i < m; i++) {
      int row = g.cOff() + i * g.ldc();
      if (beta == 0f) {
        java.util.Arrays.fill(c, row, row + n, 0f);
      } else if (beta != 1f) {
        for (int j = 0; j < n; j++) {
          c[row + j] *= beta;
        }
      }
    }
    if (g.k() == 0 || g.alpha() == 0f) {
      return;
    }
    long work = (long) m * n * g.k();
    if (work < PARALLEL_WORK || m < 8 || Parallel.inParallelRegion()) {
      rows(0, m, g);
    } else {
      int grain = Math.max(4, (m / Parallel.threads() + 3) & ~3);
      Parallel.parallelFor(m, grain, (s, e) -> rows(s, e, g));
    }
  }

  /** Adds {@code alpha op(A) op(B)} into rows {@code i0 .. i1-1} of C. */
  private static void rows(int i0, int i1, GemmArgs g) {
    // locals, not accessor calls, in the loops below: loop-invariant values the JIT can hoist
    boolean transA = g.transA();
    boolean transB = g.transB();
    int n = g.n();
    int k = g.k();
    float alpha = g.alpha();
    float[] a = g.a();
    int aOff = g.aOff();
    int lda = g.lda();
    float[] b = g.b();
    int bOff = g.bOff();
    int ldb = g.ldb();
    float[] c = g.c();
    int cOff = g.cOff();
    int ldc = g.ldc();
    int kcMax = Math.min(KC, k);
    int ncMax = Math.min(NC, n);
    float[][] panel = new float[kcMax][ncMax];
    float[] c0 = new float[ncMax];
    float[] c1 = new float[ncMax];
    float[] c2 = new float[ncMax];
    float[] c3 = new float[ncMax];
    // A(i, p) lives at a[aOff + i*rs + p*ps]
    int rs = transA ? 1 : lda;
    int ps = transA ? lda : 1;
    for (int jc = 0; jc < n; jc += NC) {
      int nb = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kb = Math.min(KC, k - pc);
        pack(panel, transB, b, bOff, ldb, pc, kb, jc, nb);
        int i = i0;
        for (; i + 3 < i1; i += 4) {
          java.util.Arrays.fill(c0, 0, nb, 0f);
          java.util.Arrays.fill(c1, 0, nb, 0f);
          java.util.Arrays.fill(c2, 0, nb, 0f);
          java.util.Arrays.fill(c3, 0, nb, 0f);
          int ab = aOff + i * rs + pc * ps;
          for (int p = 0; p < kb; p++) {
            int ap = ab + p * ps;
            float a0 = alpha * a[ap];
            float a1 = alpha * a[ap + rs];
            float a2 = alpha * a[ap + 2 * rs];
            float a3 = alpha * a[ap + 3 * rs];
            float[] bp = panel[p];
            for (int j = 0; j < nb; j++) {
              float bj = bp[j];
              c0[j] += a0 * bj;
              c1[j] += a1 * bj;
              c2[j] += a2 * bj;
              c3[j] += a3 * bj;
            }
          }
          addRow(c, cOff + i * ldc + jc, c0, nb);
          addRow(c, cOff + (i + 1) * ldc + jc, c1, nb);
          addRow(c, cOff + (i + 2) * ldc + jc, c2, nb);
          addRow(c, cOff + (i + 3) * ldc + jc, c3, nb);
        }
        for (; i < i1; i++) {
          java.util.Arrays.fill(c0, 0, nb, 0f);
          int ab = aOff + i * rs + pc * ps;
          for (int p = 0; p < kb; p++) {
            float a0 = alpha * a[ab + p * ps];
            float[] bp = panel[p];
            for (int j = 0; j < nb; j++) {
              c0[j] += a0 * bp[j];
            }
          }
          addRow(c, cOff + i * ldc + jc, c0, nb);
        }
      }
    }
  }

  /** Copies op(B)[pc .. pc+kb, jc .. jc+nb] into {@code panel} rows. */
  private static void pack(
      float[][] panel,
      boolean transB,
      float[] b,
      int bOff,
      int ldb,
      int pc,
      int kb,
      int jc,
      int nb) {
    if (!transB) {
      for (int p = 0; p < kb; p++) {
        System.arraycopy(b, bOff + (pc + p) * ldb + jc, panel[p], 0, nb);
      }
    } else { // op(B)(p, j) = B(j, p): read B's rows contiguously, scatter into the panel's columns
      for (int j = 0; j < nb; j++) {
        int base = bOff + (jc + j) * ldb + pc;
        for (int p = 0; p < kb; p++) {
          panel[p][j] = b[base + p];
        }
      }
    }
  }

  private static void addRow(float[] c, int off, float[] acc, int nb) {
    for (int j = 0; j < nb; j++) {
      c[off + j] += acc[j];
    }
  }
}
