package crema.train;

import crema.viz.LiveChart;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Live training curves: a viz {@link LiveChart} that gets each epoch's loss and metrics (training
 * and validation in the same panel), and optionally the running training loss every {@code n}
 * batches, redrawn in place while {@code fit} runs. The final drawing stays in the report.
 *
 * <pre>{@code
 * trainer.callbacks(new LiveCurves());          // one point per epoch
 * trainer.callbacks(new LiveCurves(50));        // and the training loss every 50 batches
 * }</pre>
 */
public final class LiveCurves implements Callback {
  private final int everyBatches;
  private LiveChart chart;

  /** Adds points at the end of every epoch. */
  public LiveCurves() {
    this(0);
  }

  /** Also adds the running training loss every {@code everyBatches} batches (0: never). */
  public LiveCurves(int everyBatches) {
    if (everyBatches < 0) {
      throw new IllegalArgumentException(
          "LiveCurves: everyBatches must be >= 0, got " + everyBatches);
    }
    this.everyBatches = everyBatches;
  }

  @Override
  public void onTrainBegin(Trainer trainer) {
    chart = new LiveChart("epoch");
  }

  @Override
  public void onBatchEnd(Trainer trainer, int epoch, int batch, Map<String, Double> logs) {
    int perEpoch = trainer.batchesPerEpoch();
    if (everyBatches > 0 && (batch + 1) % everyBatches == 0 && perEpoch > 0) {
      chart.add("batch_loss", epoch + (batch + 1.0) / perEpoch, logs.get("loss"));
    }
  }

  @Override
  public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
    Map<String, Double> shown = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      String k = e.getKey();
      if (!k.equals("time")
          && !k.equals("samples_per_sec")
          && !k.equals("lr")
          && !e.getValue().isNaN()) {
        shown.put(k, e.getValue());
      }
    }
    chart.add(epoch + 1, shown);
  }

  @Override
  public void onTrainEnd(Trainer trainer, History history) {
    if (chart != null) {
      chart.close();
    }
  }

  @Override
  public String toString() {
    return "LiveCurves("
        + (everyBatches > 0 ? "every " + everyBatches + " batches" : "per epoch")
        + ")";
  }
}
