package crema.train;

import crema.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Stops training when a monitored value has stopped improving, like Keras's {@code EarlyStopping}:
 * after {@code patience} epochs without an improvement of more than {@code minDelta}, the run ends
 * normally (no exception) and, if asked, the model gets back the weights of its best epoch.
 *
 * <pre>{@code
 * new EarlyStopping("val_loss", 3, 1e-4, true);   // stop after 3 flat epochs, restore the best
 * }</pre>
 *
 * <p>Losses and errors improve downwards, other metrics upwards (decided by the name). With
 * restore, the weights are copied at each new best epoch, and loaded back when training ends,
 * whether it stopped early or ran out of epochs.
 */
public final class EarlyStopping implements Callback {
  private final String monitor;
  private final int patience;
  private final double minDelta;
  private final boolean restoreBest;
  private final boolean lowerIsBetter;
  private double best;
  private int bestEpoch;
  private int wait;
  private Map<String, Tensor> bestWeights;
  private int stoppedEpoch = -1;

  public EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBestWeights) {
    if (patience < 0 || minDelta < 0) {
      throw new IllegalArgumentException(
          "EarlyStopping: patience and minDelta must be >= 0, got " + patience + ", " + minDelta);
    }
    this.monitor = monitor;
    this.patience = patience;
    this.minDelta = minDelta;
    this.restoreBest = restoreBestWeights;
    this.lowerIsBetter = Monitor.lowerIsBetter(monitor);
  }

  /** Monitors {@code val_loss} with the given patience, and restores the best weights. */
  public EarlyStopping(int patience) {
    this("val_loss", patience, 0, true);
  }

  @Override
  public void onTrainBegin(Trainer trainer) {
    best = lowerIsBetter ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    bestEpoch = -1;
    wait = 0;
    bestWeights = null;
    stoppedEpoch = -1;
  }

  @Override
  public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
    Double v = logs.get(monitor);
    if (v == null) {
      throw new IllegalStateException(
          "EarlyStopping: monitored '"
              + monitor
              + "' is not among the epoch's values "
              + logs.keySet()
              + (monitor.startsWith("val_") ? " (was a validation loader given to fit?)" : ""));
    }
    boolean improved = lowerIsBetter ? v < best - minDelta : v > best + minDelta;
    if (improved) {
      best = v;
      bestEpoch = epoch;
      wait = 0;
      if (restoreBest) {
        bestWeights = copy(trainer.model().stateDict());
      }
    } else if (++wait >= patience) {
      stoppedEpoch = epoch;
      trainer.stop(
          String.format(
              Locale.ROOT,
              "EarlyStopping: %s did not improve for %d epochs; best %.4g at epoch %d",
              monitor,
              wait,
              best,
              bestEpoch + 1));
    }
  }

  @Override
  public void onTrainEnd(Trainer trainer, History history) {
    if (restoreBest && bestWeights != null && bestEpoch != history.epochs() - 1) {
      trainer.model().loadStateDict(bestWeights);
      trainer.note("EarlyStopping: restored the weights of epoch " + (bestEpoch + 1));
    }
  }

  private static Map<String, Tensor> copy(Map<String, Tensor> state) {
    Map<String, Tensor> c = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : state.entrySet()) {
      c.put(e.getKey(), e.getValue().copy());
    }
    return c;
  }

  /** The 0-based epoch of the best value so far, or -1. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The best value so far. */
  public double bestValue() {
    return best;
  }

  /** The 0-based epoch at which it stopped training, or -1 if it did not. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  @Override
  public String toString() {
    return "EarlyStopping("
        + monitor
        + ", patience "
        + patience
        + ", minDelta "
        + minDelta
        + (restoreBest ? ", restore best" : "")
        + ")";
  }
}
