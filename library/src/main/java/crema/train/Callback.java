package crema.train;

import java.util.Map;

/**
 * Hooks into a {@link Trainer#fit} run, like Keras callbacks. Every method has an empty default:
 * implement only the ones you need. Epochs and batches are counted from 0 here; messages show them
 * from 1.
 *
 * <pre>{@code
 * Callback printLr = new Callback() {
 *   public void onEpochEnd(Trainer t, int epoch, Map<String, Double> logs) {
 *     System.out.println("epoch " + (epoch + 1) + " lr " + logs.get("lr"));
 *   }
 * };
 * }</pre>
 *
 * <p>To end training, call {@link Trainer#stop(String)}: the loop finishes the current step and
 * returns the {@link History} normally.
 */
public interface Callback {
  /** Before the first epoch. */
  default void onTrainBegin(Trainer trainer) {}

  /** Before each epoch. */
  default void onEpochBegin(Trainer trainer, int epoch) {}

  /**
   * After the loss of a training batch is computed, before its backward pass and optimizer step. A
   * stop requested here skips that step, so the weights stay as they were (see {@link
   * TerminateOnNaN}).
   */
  default void onBatchLoss(Trainer trainer, int epoch, int batch, double loss) {}

  /** After each training step, with the running values of the epoch so far. */
  default void onBatchEnd(Trainer trainer, int epoch, int batch, Map<String, Double> logs) {}

  /** After training and validation of an epoch, with the epoch's row of the {@link History}. */
  default void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {}

  /** After the last epoch, or after a stop or interrupt. */
  default void onTrainEnd(Trainer trainer, History history) {}
}
