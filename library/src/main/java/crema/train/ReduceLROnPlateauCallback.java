package crema.train;

import crema.optim.ReduceLROnPlateau;
import java.util.Map;

/**
 * Steps a {@link ReduceLROnPlateau} scheduler with a monitored value at the end of every epoch, so
 * the learning rate drops when, say, the validation loss stops improving. The new rate shows up in
 * the History's {@code lr} column from the next epoch on.
 *
 * <pre>{@code
 * var sched = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Mode.MIN, 0.5, 2);
 * trainer.callbacks(new ReduceLROnPlateauCallback(sched, "val_loss"));
 * }</pre>
 */
public final class ReduceLROnPlateauCallback implements Callback {
  private final ReduceLROnPlateau scheduler;
  private final String monitor;

  public ReduceLROnPlateauCallback(ReduceLROnPlateau scheduler, String monitor) {
    this.scheduler = java.util.Objects.requireNonNull(scheduler, "scheduler");
    this.monitor = java.util.Objects.requireNonNull(monitor, "monitor");
  }

  @Override
  public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
    Double v = logs.get(monitor);
    if (v == null) {
      throw new IllegalStateException(
          "ReduceLROnPlateauCallback: monitored '"
              + monitor
              + "' is not among the epoch's values "
              + logs.keySet());
    }
    double before = trainer.optimizer().lr();
    scheduler.step(v);
    double after = trainer.optimizer().lr();
    if (after < before) {
      trainer.note(
          String.format(
              java.util.Locale.ROOT,
              "ReduceLROnPlateau: %s has not improved; learning rate %.3g -> %.3g",
              monitor,
              before,
              after));
    }
  }

  @Override
  public String toString() {
    return "ReduceLROnPlateauCallback(" + scheduler + ", " + monitor + ")";
  }
}
