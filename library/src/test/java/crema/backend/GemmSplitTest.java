package crema.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A product cut over the cores ({@link GemmSplit}) against the same product run whole: every piece
 * is one that netlib accepts when the whole product is, the pieces cover C once, and the result
 * matches to float rounding, with A stored either way, offsets, padded leading dimensions, {@code
 * beta} ≠ 0, and arrays that end right after their matrix (what netlib's own check is strictest
 * about).
 */
class GemmSplitTest {

  /** A product with random operands; {@code tight} arrays end at their matrix's last element. */
  private static GemmArgs product(boolean ta, boolean tb, int m, int n, int k, float beta) {
    Random rng = new Random(m * 31L + n * 7L + k);
    int lda = ta ? m : k;
    int ldb = tb ? k : n;
    int ldc = n + 3; // a padded C: its pieces must keep the stride
    float[] a = random(rng, 2 + (ta ? k : m) * lda);
    float[] b = random(rng, 4 + (tb ? n : k) * ldb);
    float[] c = random(rng, 1 + m * ldc);
    return new GemmArgs(ta, tb, m, n, k, 0.75f, a, 2, lda, b, 4, ldb, beta, c, 1, ldc);
  }

  private static float[] random(Random rng, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = rng.nextFloat() * 2 - 1;
    return x;
  }

  /** The same product on a copy of C, run whole on the Java kernel. */
  private static float[] whole(GemmArgs g) {
    float[] c = g.c().clone();
    JavaGemm.multiply(
        new GemmArgs(
            g.transA(),
            g.transB(),
            g.m(),
            g.n(),
            g.k(),
            g.alpha(),
            g.a(),
            g.aOff(),
            g.lda(),
            g.b(),
            g.bOff(),
            g.ldb(),
            g.beta(),
            c,
            g.cOff(),
            g.ldc()));
    return c;
  }

  /** Cuts g, checks every piece, and compares C with the whole product. */
  private static void check(GemmArgs g) {
    assertTrue(g.fitsWholeRows(), "the test's product itself must be one netlib accepts");
    float[] expected = whole(g);
    List<GemmArgs> pieces = Collections.synchronizedList(new ArrayList<>());
    Consumer<GemmArgs> gemm =
        piece -> {
          assertTrue(piece.fitsWholeRows(), "netlib would refuse a piece: " + piece);
          pieces.add(piece);
          JavaGemm.multiply(piece);
        };
    GemmSplit.run(g, gemm);
    assertTrue(
        pieces.size() > 1 || Parallel.threads() == 1,
        "the product was not cut: " + pieces.size() + " piece");
    float[] c = g.c();
    double tol = 1e-5 * Math.sqrt(g.k()) * 4;
    for (int i = 0; i < g.m(); i++) {
      for (int j = 0; j < g.n(); j++) {
        int at = g.cOff() + i * g.ldc() + j;
        assertEquals(expected[at], c[at], tol, "C[" + i + ", " + j + "]");
      }
    }
    for (int j = g.n(); j < g.ldc() && g.m() > 1; j++) {
      assertEquals(expected[g.cOff() + j], c[g.cOff() + j], "the padding after row 0 is untouched");
    }
  }

  @Test
  void aCutByRowsOfCMatchesTheWholeProduct() {
    // x·Wᵀ of a dense layer: A untransposed, B transposed.
    check(product(false, true, 64, 40, 78, 0f));
    check(product(false, false, 33, 17, 50, 1f));
    check(product(false, true, 7, 9, 5, 0.5f));
  }

  @Test
  void aTransposedAIsCutByRowsOrAlongTheInnerDimensionAndMatchesTheWholeProduct() {
    // dYᵀ·x of a dense layer: A transposed, B not. With a short inner dimension (the batch) it is
    // cut by rows: its pieces after the first start inside A's stored rows, which netlib refuses,
    // and run on compact copies (check asserts that what reaches gemm is accepted).
    check(product(true, false, 40, 78, 64, 0f));
    check(product(true, true, 21, 30, 17, 0.5f));
    // With an inner dimension of at least twice C's columns, along it: partial Cs added up.
    check(product(true, false, 19, 23, 100, 1f));
    check(product(true, false, 33, 20, 41, 0f));
  }

  @Test
  void onlyLargeProductsOfACuttableShapeOutsideAParallelLoopAreCut() {
    int threads = Parallel.threads();
    GemmArgs big = product(false, true, 256, 256, 256, 0f); // 16.8 M multiply-adds
    GemmArgs small = product(false, true, 64, 64, 64, 0f);
    // On an oversubscribed machine, or while the cores are far apart, nothing is cut; both are
    // read at most once a second and four times a second: compare only when neither changed.
    boolean busy = MachineLoad.busy();
    boolean far = CoreDistance.far();
    boolean worth = GemmSplit.worthIt(big);
    if (busy == MachineLoad.busy() && far == CoreDistance.far()) {
      assertEquals(threads > 1 && !busy && !far, worth);
    }
    assertEquals(false, GemmSplit.worthIt(small));
    boolean[] inside = new boolean[2];
    Parallel.parallelFor(2, 1, (s, e) -> inside[s] = GemmSplit.worthIt(big));
    assertEquals(false, inside[0] || inside[1], "inside a parallel loop the cores are all busy");
  }
}
