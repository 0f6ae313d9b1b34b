package crema.backend;

/**
 * One implementation of GEMM, {@code C = alpha op(A) op(B) + beta C}: the seam between the ops and
 * the hardware. {@link Blas#sgemm} checks a call and hands it to the implementation selected by
 * {@link Blas#setBackend}; the library has two, {@link NativeGemm} (OpenBLAS) and {@link JavaGemm}.
 * {@code docs/backend.md} is the contract a third one (a GPU's, say) must keep.
 */
public interface Gemm {
  /**
   * Runs one product. {@code g} has been checked: sizes fit, every matrix lies inside its array,
   * {@code m} and {@code n} are positive (k may be 0: then C is only scaled by {@code beta}). With
   * {@code beta = 0}, C's old contents must be ignored, NaN included. The call returns when C is
   * written; it may use threads of its own, and may be called from several threads at once on
   * different C.
   */
  void gemm(GemmArgs g);

  /**
   * Whether a product of {@code work} multiply-adds runs on several threads of this
   * implementation's own. Ops that split a batch of products over the cores ({@link Parallel}) run
   * such products one after the other instead, so that two kinds of threads never compete.
   */
  boolean threadsItself(long work);

  /** One line for {@link Blas#describe()}, e.g. the library it calls. */
  String describe();
}
