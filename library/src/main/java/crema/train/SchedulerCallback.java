package crema.train;

import crema.optim.LRScheduler;
import java.util.Map;

/**
 * Steps an epoch-based learning-rate scheduler ({@code StepLR}, {@code ExponentialLR}, {@code
 * CosineAnnealingLR}) at the end of every epoch, as a PyTorch loop calls {@code scheduler.step()}.
 *
 * <pre>{@code
 * trainer.callbacks(new SchedulerCallback(new StepLR(opt, 10, 0.1)));
 * }</pre>
 */
public final class SchedulerCallback implements Callback {
  private final LRScheduler scheduler;

  public SchedulerCallback(LRScheduler scheduler) {
    this.scheduler = java.util.Objects.requireNonNull(scheduler, "scheduler");
  }

  @Override
  public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
    scheduler.step();
  }

  @Override
  public String toString() {
    return "SchedulerCallback(" + scheduler + ")";
  }
}
