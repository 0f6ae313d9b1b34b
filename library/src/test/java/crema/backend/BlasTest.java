package crema.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.tensor.Rng;
import crema.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Both GEMM back ends against a double-precision reference, for every transpose combination. */
class BlasTest {
  private final Blas.Backend saved = Blas.backend();

  @AfterEach
  void restore() {
    Blas.setBackend(saved);
  }

  @Test
  void nativeBlasLoadsHere() {
    // libopenblas0 is part of the machine set-up; if this fails, GEMM silently runs ~10x slower.
    assertTrue(Blas.nativeAvailable(), "native BLAS did not load: " + Blas.describe());
  }

  /** C = alpha op(A) op(B) + beta C computed in double, element by element. */
  private static double[] reference(GemmArgs g) {
    float[] a = g.a();
    float[] b = g.b();
    double[] r = new double[g.m() * g.n()];
    for (int i = 0; i < g.m(); i++) {
      for (int j = 0; j < g.n(); j++) {
        double s = 0;
        for (int p = 0; p < g.k(); p++) {
          double av = g.transA() ? a[g.aOff() + p * g.lda() + i] : a[g.aOff() + i * g.lda() + p];
          double bv = g.transB() ? b[g.bOff() + j * g.ldb() + p] : b[g.bOff() + p * g.ldb() + j];
          s += av * bv;
        }
        r[i * g.n() + j] = g.alpha() * s + g.beta() * g.c()[g.cOff() + i * g.ldc() + j];
      }
    }
    return r;
  }

  private static void compare(Blas.Backend be, boolean ta, boolean tb, int m, int n, int k) {
    compare(be, ta, tb, m, n, k, false);
  }

  /**
   * With {@code tight}, every array ends right after its matrix's last element: no padding after
   * the last row, which netlib's own check refuses although the call is in bounds.
   */
  private static void compare(
      Blas.Backend be, boolean ta, boolean tb, int m, int n, int k, boolean tight) {
    Rng rng = new Rng(m * 31L + n * 7L + k);
    int aOff = 3;
    int bOff = 5;
    int cOff = 2;
    int lda = (ta ? m : k) + 1; // padded leading dimensions exercise the strides
    int ldb = (tb ? k : n) + 2;
    int ldc = n + 3;
    int pad = tight ? 1 : 0; // the padding of the last row left out
    float[] a = new float[aOff + (ta ? k : m) * lda - pad];
    float[] b = new float[bOff + (tb ? n : k) * ldb - 2 * pad];
    float[] c = new float[cOff + m * ldc - 3 * pad];
    rng.fillGaussian(a, 0, 1);
    rng.fillGaussian(b, 0, 1);
    rng.fillGaussian(c, 0, 1);
    float alpha = 0.75f;
    float beta = 0.5f;
    double[] want =
        reference(
            new GemmArgs(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
    float[] before = c.clone();
    Blas.sgemm(
        be,
        alpha,
        new MatrixView(a, aOff, m, k, lda, ta),
        new MatrixView(b, bOff, k, n, ldb, tb),
        beta,
        MatrixView.of(c, cOff, m, n, ldc));
    double tol = 1e-5 * Math.sqrt(k) * 4;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double got = c[cOff + i * ldc + j];
        assertEquals(
            want[i * n + j],
            got,
            tol * Math.max(1, Math.abs(want[i * n + j])),
            be + " ta=" + ta + " tb=" + tb + " " + m + "x" + n + "x" + k + " at " + i + "," + j);
      }
      // padding between rows is untouched
      for (int j = n; j < ldc && cOff + i * ldc + j < c.length; j++) {
        assertEquals(before[cOff + i * ldc + j], c[cOff + i * ldc + j]);
      }
    }
  }

  @Test
  void bothBackendsMatchTheReference() {
    int[][] sizes = {
      {1, 1, 1}, {3, 5, 7}, {17, 33, 65}, {64, 40, 300}, {130, 260, 70}, {5, 300, 9}
    };
    for (Blas.Backend be :
        Blas.nativeAvailable() ? Blas.Backend.values() : new Blas.Backend[] {Blas.Backend.JAVA}) {
      for (int[] s : sizes) {
        for (int t = 0; t < 4; t++) {
          compare(be, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2]);
        }
      }
    }
  }

  @Test
  void matricesEndingTheirArraysMatchTheReference() {
    // e.g. K of the last head of the last sample inside qkv [B, T, 3E]: in bounds, no padding after
    for (Blas.Backend be :
        Blas.nativeAvailable() ? Blas.Backend.values() : new Blas.Backend[] {Blas.Backend.JAVA}) {
      for (int[] s : new int[][] {{3, 5, 7}, {17, 33, 65}, {64, 40, 300}}) {
        for (int t = 0; t < 4; t++) {
          compare(be, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], true);
        }
      }
    }
  }

  @Test
  void aMatrixPastItsArrayIsRefusedByName() {
    float[] ok = new float[64 * 64];
    float[] shortArray = new float[64 * 64 - 1];
    for (Blas.Backend be :
        Blas.nativeAvailable() ? Blas.Backend.values() : new Blas.Backend[] {Blas.Backend.JAVA}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  Blas.sgemm(
                      be,
                      1f,
                      MatrixView.of(ok, 0, 64, 64),
                      MatrixView.of(shortArray, 0, 64, 64),
                      0f,
                      MatrixView.of(ok, 0, 64, 64)));
      assertTrue(e.getMessage().contains("B (64 x 64 from offset 0, ld 64)"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  Blas.sgemm(
                      be,
                      1f,
                      MatrixView.of(ok, 0, 2, 2, 1).t(),
                      MatrixView.of(ok, 0, 2, 2),
                      0f,
                      MatrixView.of(ok, 0, 2, 2)));
      assertTrue(e.getMessage().contains("A (2 x 2"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  Blas.sgemm(
                      be,
                      1f,
                      MatrixView.of(ok, 0, 2, 2),
                      MatrixView.of(ok, 0, 2, 2),
                      0f,
                      MatrixView.of(ok, -1, 2, 2)));
      assertTrue(e.getMessage().contains("C (2 x 2 from offset -1"), e.getMessage());
    }
  }

  @Test
  void betaZeroIgnoresNaNInC() {
    float[] a = {1, 2, 3, 4};
    float[] b = {1, 0, 0, 1};
    for (Blas.Backend be :
        Blas.nativeAvailable() ? Blas.Backend.values() : new Blas.Backend[] {Blas.Backend.JAVA}) {
      float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
      Blas.sgemm(
          be,
          1f,
          MatrixView.of(a, 0, 2, 2),
          MatrixView.of(b, 0, 2, 2),
          0f,
          MatrixView.of(c, 0, 2, 2));
      assertEquals(1f, c[0]);
      assertEquals(4f, c[3]);
    }
  }

  @Test
  void matmulAgreesAcrossBackends() {
    if (!Blas.nativeAvailable()) {
      return;
    }
    Tensor x = Tensor.randn(new Rng(1), 4, 50, 60);
    Tensor w = Tensor.randn(new Rng(2), 60, 70);
    Blas.setBackend(Blas.Backend.NATIVE);
    float[] n = x.matmul(w).data();
    Blas.setBackend(Blas.Backend.JAVA);
    float[] j = x.matmul(w).data();
    for (int i = 0; i < n.length; i++) {
      assertEquals(n[i], j[i], 1e-4 * Math.max(1, Math.abs(n[i])));
    }
  }

  @Test
  void manySmallBatchedProductsSplitOverCoresGiveTheSameResult() {
    // 32 products of 16x16x16 (4096 multiply-adds each): MatMul runs them through parallelFor.
    Tensor a = Tensor.randn(new Rng(5), 32, 16, 16).requiresGrad(true);
    Tensor b = Tensor.randn(new Rng(6), 32, 16, 16).requiresGrad(true);
    Tensor w = Tensor.randn(new Rng(7), 32, 16, 16);
    Tensor c = a.matmul(b);
    c.mul(w).sum().backward();
    Tensor a2 = a.detach().copy().requiresGrad(true);
    Tensor b2 = b.detach().copy().requiresGrad(true);
    for (int i = 0; i < 32; i++) {
      Tensor ai = a2.slice(0, i, i + 1).squeeze(0);
      Tensor bi = b2.slice(0, i, i + 1).squeeze(0);
      Tensor ci = ai.mm(bi);
      float[] want = ci.data();
      for (int j = 0; j < want.length; j++) {
        assertEquals(want[j], c.data()[i * 256 + j], 1e-5 * Math.max(1, Math.abs(want[j])));
      }
      ci.mul(w.slice(0, i, i + 1).squeeze(0)).sum().backward();
    }
    float[] ga = a.grad().data();
    float[] gb = b.grad().data();
    for (int j = 0; j < ga.length; j++) {
      assertEquals(a2.grad().data()[j], ga[j], 1e-4 * Math.max(1, Math.abs(ga[j])));
      assertEquals(b2.grad().data()[j], gb[j], 1e-4 * Math.max(1, Math.abs(gb[j])));
    }
  }
}
