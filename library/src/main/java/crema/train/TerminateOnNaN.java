package crema.train;

/**
 * Stops training as soon as a batch loss is NaN or infinite, before that batch's step can spoil the
 * weights, with a message naming the epoch and the batch.
 *
 * <pre>{@code
 * trainer.callbacks(new TerminateOnNaN());
 * // History.stopReason(): "TerminateOnNaN: loss is NaN at epoch 3, batch 17"
 * }</pre>
 */
public final class TerminateOnNaN implements Callback {
  @Override
  public void onBatchLoss(Trainer trainer, int epoch, int batch, double loss) {
    if (Double.isNaN(loss) || Double.isInfinite(loss)) {
      trainer.stop(
          "TerminateOnNaN: loss is "
              + loss
              + " at epoch "
              + (epoch + 1)
              + ", batch "
              + (batch + 1)
              + "; the weights are those before this batch");
    }
  }

  @Override
  public String toString() {
    return "TerminateOnNaN";
  }
}
