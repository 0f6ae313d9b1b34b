package crema.bench;

/**
 * One training workload, written against the Crema library in {@code crema.bench.workloads}.
 *
 * <p>The harness ({@link Bench}) owns data, batching, timing and memory; a workload only builds its
 * model and runs steps. The seam uses plain arrays so that the harness compiles and runs even when
 * the library does not yet have the layers a workload needs: such a workload simply fails to
 * compile and is reported as "not available yet".
 *
 * <p>Images arrive as {@code batch * 784} floats in [0, 1], row-major [B, 1, 28, 28]; labels as
 * class indices.
 */
public interface Workload {

  /** Builds model, loss and optimizer (Adam, the given learning rate), seeded for repeatability. */
  void build(long seed, double learningRate);

  /** One optimisation step: zero the gradients, forward, loss, backward, step. Returns the loss. */
  float trainStep(float[] images, int[] labels, int batch);

  /**
   * Evaluates one test batch without gradients: the number of correct predictions for a classifier,
   * or the summed loss for {@link #metricName()} {@code "test loss/sample"}.
   */
  double evaluate(float[] images, int[] labels, int batch);

  /** What {@link #evaluate} sums: {@code "accuracy"} (default) or {@code "test loss/sample"}. */
  default String metricName() {
    return "accuracy";
  }

  /** Forward pass only, in evaluation mode without gradients (used for inference latency). */
  default void infer(float[] images, int batch) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no inference path");
  }

  /** Switches between training and evaluation mode (dropout, batch norm). */
  default void train(boolean on) {}
}
