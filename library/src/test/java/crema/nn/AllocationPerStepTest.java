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
 * Keeps the memory a training step allocates (LeNet, a transformer encoder, a CNN with batch norm
 * and dropout, GRU and LSTM classifiers; batch 64, Adam) under a budget, so that the step's speed
 * does not depend on the collector's flags. Not timed: it counts bytes, as the JVM does ({@code
 * com.sun.management.ThreadMXBean.getThreadAllocatedBytes}, over all threads, so the worker team is
 * included).
 *
 * <p>The budgets are set from measurement (docs/memory.md), about 50% above it. LeNet: 0.40 MB per
 * step (8.5 MB before the pool, 0.65 MB before {@code zeroGrad()} gave unread gradients back). What
 * remains is what must be fresh: the input copy ({@code Tensor.of}, 200 kB), small per-op objects,
 * and the pooling layers' winner indices.
 */
class AllocationPerStepTest {
  /** Bytes per LeNet step allowed: measured 0.40 MB; the target was 1 MB. */
  static final long BUDGET = 600_000;

  /**
   * Bytes per transformer step allowed (two post-norm encoder layers, d 64, 4 heads, 28 tokens,
   * batch 64, Adam): measured 2.35 MB; 28 MB before the encoder layer and the attention returned
   * their intermediates to the pool, 7.25 MB before the gradients of the residual connections, the
   * attention weights kept for {@code lastAttention()}, the activation between the two layers and
   * the parameters' unread gradients went back too. What remains fresh is mostly the embedding's
   * output and the head's input (the user's model holds them), and small per-op objects.
   */
  static final long TRANSFORMER_BUDGET = 3_500_000;

  /**
   * Bytes per step allowed for a small CNN with batch normalisation and dropout (the layers
   * notebook 02 adds): measured 0.44 MB; 12.5 MB before both ops took their outputs, saved arrays
   * and gradients from the pool (a [64, 16, 28, 28] activation is 3.2 MB).
   */
  static final long NORM_CNN_BUDGET = 650_000;

  /**
   * Bytes per step allowed for a GRU (hidden 64) classifier over 28 rows that reads only {@code
   * hN}: measured 0.32 MB; 7.3 MB before its saved gates, packed result and gradients came from the
   * pool.
   */
  static final long GRU_BUDGET = 480_000;

  /**
   * The same with an LSTM: measured 0.40 MB; 0.86 MB while the outputs of every step were copied
   * out at once, whether read or not ({@link RecurrentOutput}).
   */
  static final long LSTM_BUDGET = 600_000;

  @Test
  void aCnnStepWithBatchNormAndDropoutAllocatesLessThanTheBudget() {
    Rng.manualSeed(1);
    Rng rng = new Rng(2);
    Module model =
        new Sequential(
            new Conv2d(1, 16, 3, 1, 1),
            new BatchNorm2d(16),
            new ReLU(),
            new MaxPool2d(2),
            new Flatten(),
            new Dropout(0.5),
            new Linear(16 * 14 * 14, 10));
    assertUnder(
        "a CNN step with batch norm and dropout",
        perStep(model, Tensor.rand(rng, 64, 1, 28, 28), rng),
        NORM_CNN_BUDGET);
  }

  /** A classifier over the 28 rows of an image from a recurrent layer's final state. */
  private static final class RowClassifier extends Module {
    final Recurrent rnn;
    final Linear head = new Linear(64, 10);

    RowClassifier(Recurrent rnn) {
      this.rnn = rnn;
    }

    @Override
    public Tensor forward(Tensor x) {
      return head.forward(rnn.forwardWithState(x).hN().reshape(x.size(0), 64));
    }
  }

  @Test
  void recurrentClassifierStepsAllocateLessThanTheirBudgets() {
    Rng.manualSeed(1);
    Rng rng = new Rng(2);
    Tensor rows = Tensor.rand(rng, 64, 28, 28);
    assertUnder("a GRU step", perStep(new RowClassifier(new GRU(28, 64)), rows, rng), GRU_BUDGET);
    assertUnder(
        "an LSTM step", perStep(new RowClassifier(new LSTM(28, 64)), rows, rng), LSTM_BUDGET);
  }

  @Test
  void aLenetStepAllocatesLessThanTheBudget() {
    Rng.manualSeed(1);
    Rng rng = new Rng(2);
    assertUnder(
        "a LeNet step", perStep(LeNet5.create(), Tensor.rand(rng, 64, 1, 28, 28), rng), BUDGET);
  }

  @Test
  void aTransformerStepAllocatesLessThanTheBudget() {
    Rng.manualSeed(1);
    Rng rng = new Rng(2);
    Module model =
        new Sequential(
            new Linear(28, 64),
            new TransformerEncoder(() -> new TransformerEncoderLayer(64, 4, 128, 0.0, false), 2),
            new Flatten(),
            new Linear(28 * 64, 10));
    assertUnder(
        "a transformer step",
        perStep(model, Tensor.rand(rng, 64, 28, 28), rng),
        TRANSFORMER_BUDGET);
  }

  private static void assertUnder(String what, long perStep, long budget) {
    assertTrue(
        perStep < budget,
        what + " (batch 64, Adam) allocated " + perStep + " bytes; budget " + budget);
  }

  /** Bytes allocated per training step of {@code model} on {@code input}, after a warm-up. */
  private static long perStep(Module model, Tensor input, Rng rng) {
    var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled());
    Adam opt = new Adam(model.parameters(), 1e-3);
    CrossEntropyLoss ce = new CrossEntropyLoss();
    int[] shape = input.shape();
    float[] values = input.toFloatArray();
    int[] labels = new int[shape[0]];
    for (int i = 0; i < labels.length; i++) labels[i] = rng.nextInt(10);
    int warmup = 40, steps = 30;
    long before = 0;
    for (int step = 0; step < warmup + steps; step++) {
      if (step == warmup) before = allocated(bean);
      opt.zeroGrad();
      Tensor loss = ce.forward(model.forward(Tensor.of(values, shape)), labels);
      loss.backward();
      opt.step();
    }
    return (allocated(bean) - before) / steps;
  }

  private static long allocated(com.sun.management.ThreadMXBean bean) {
    long total = 0;
    for (long b : bean.getThreadAllocatedBytes(bean.getAllThreadIds())) {
      if (b > 0) total += b;
    }
    return total;
  }
}
