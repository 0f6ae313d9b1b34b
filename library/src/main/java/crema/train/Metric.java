package crema.train;

import crema.data.Batch;
import crema.tensor.Tensor;

/**
 * A quantity accumulated over the batches of an epoch, like Keras metrics or torchmetrics: {@link
 * #reset()} at the start, {@link #update} per batch, {@link #value()} at the end.
 *
 * <pre>{@code
 * Metric acc = new Accuracy();
 * acc.reset();
 * acc.update(logits, batch);   // logits [B, K], batch labels
 * acc.value();                 // fraction correct so far
 * }</pre>
 *
 * <p>The trainer feeds each metric the model's output for every batch, detached from the graph.
 */
public interface Metric {
  /** The key in {@link History} and progress output, e.g. {@code "accuracy"}. */
  String name();

  /** Forgets everything seen. */
  void reset();

  /** Adds one batch: the model's output and the batch (for its targets). */
  void update(Tensor output, Batch batch);

  /** The value over everything seen since {@link #reset()}. */
  double value();

  /** Whether larger is better (accuracy) rather than smaller (errors); used by callbacks. */
  default boolean higherIsBetter() {
    return true;
  }
}
