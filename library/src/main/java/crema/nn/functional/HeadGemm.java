package crema.nn.functional;

import crema.tensor.Blas;

/**
 * {@link Blas#sgemm} for matrices that lie inside larger arrays, as attention's heads do.
 *
 * <p>netlib's JNI wrapper checks its operands before calling OpenBLAS as if every matrix were
 * followed by whole rows of the leading dimension: it wants {@code offset + rows·ld ≤ length},
 * although the last row only needs {@code cols} values. A head at the right edge of the last sample
 * (say K of the last head inside {@code qkv [B, T, 3E]}) fails that check while being perfectly in
 * bounds, so such a call goes to the pure-Java back end, which computes the same product.
 */
final class HeadGemm {
  private HeadGemm() {}

  /** Row-major {@code C = alpha op(A) op(B) + beta C}, as {@link Blas#sgemm}. */
  static void sgemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc) {
    long aRows = transA ? k : m;
    long bRows = transB ? n : k;
    long cEnd = cOff + (long) m * ldc;
    boolean nativeAccepts =
        aOff + aRows * lda <= a.length && bOff + bRows * ldb <= b.length && cEnd <= c.length;
    Blas.sgemm(
        nativeAccepts ? Blas.backend() : Blas.Backend.JAVA,
        transA,
        transB,
        m,
        n,
        k,
        alpha,
        a,
        aOff,
        lda,
        b,
        bOff,
        ldb,
        beta,
        c,
        cOff,
        ldc);
  }
}
