package crema.bench;

/** The GEMM micro-benchmark's seam: C = A·B for square n×n float matrices through Crema's op. */
public interface MatmulKernel {

  /** Allocates random n×n operands. */
  void prepare(int n, long seed);

  /** Computes one product (its result may be discarded). */
  void multiply();
}
