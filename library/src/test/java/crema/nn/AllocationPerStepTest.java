package crema.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import crema.models.LeNet5;
import crema.optim.Adam;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Keeps the memory a LeNet training step allocates (batch 64, Adam) under a budget, so that the
 * step's speed does not depend on the collector's flags. Not timed: it counts bytes, as the JVM
 * does ({@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}, over all threads, so the
 * worker team is included).
 *
 * <p>The budget is set from measurement (docs/memory.md): about 0.66 MB per step after the pool,
 * 8.5 MB before. What remains is what must be fresh: the input copy ({@code Tensor.of}, 200 kB),
 * the parameters' gradients (244 kB: {@code zeroGrad()} sets them to none, as in PyTorch, and a
 * user may still hold the old ones), small per-op objects, and the pooling layers' winner indices.
 */
class AllocationPerStepTest {
  /** Bytes per step allowed: the 1 MB target, about 50% above the measured 0.66 MB. */
  static final long BUDGET = 1_000_000;

  @Test
  void aLenetStepAllocatesLessThanTheBudget() {
    var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled());
    Rng.manualSeed(1);
    Rng rng = new Rng(2);
    Sequential model = LeNet5.create();
    Adam opt = new Adam(model.parameters(), 1e-3);
    CrossEntropyLoss ce = new CrossEntropyLoss();
    float[] images = Tensor.rand(rng, 64, 1, 28, 28).toFloatArray();
    int[] labels = new int[64];
    for (int i = 0; i < labels.length; i++) labels[i] = rng.nextInt(10);
    int warmup = 40, steps = 30;
    long before = 0;
    for (int step = 0; step < warmup + steps; step++) {
      if (step == warmup) before = allocated(bean);
      opt.zeroGrad();
      Tensor loss = ce.forward(model.forward(Tensor.of(images, 64, 1, 28, 28)), labels);
      loss.backward();
      opt.step();
    }
    long perStep = (allocated(bean) - before) / steps;
    assertTrue(
        perStep < BUDGET,
        "a LeNet step (batch 64, Adam) allocated " + perStep + " bytes; budget " + BUDGET);
  }

  private static long allocated(com.sun.management.ThreadMXBean bean) {
    long total = 0;
    for (long b : bean.getThreadAllocatedBytes(bean.getAllThreadIds())) {
      if (b > 0) total += b;
    }
    return total;
  }
}
