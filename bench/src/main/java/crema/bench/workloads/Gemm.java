package crema.bench.workloads;

import crema.bench.MatmulKernel;
import crema.tensor.Rng;
import crema.tensor.Tensor;

/** C = A·B through Crema's own op, {@link Tensor#matmul}, as a user calls it (result allocated). */
public final class Gemm implements MatmulKernel {
  private Tensor a;
  private Tensor b;

  @Override
  public void prepare(int n, long seed) {
    Rng rng = new Rng(seed);
    a = Tensor.randn(rng, n, n);
    b = Tensor.randn(rng, n, n);
  }

  @Override
  public void multiply() {
    a.matmul(b);
  }
}
