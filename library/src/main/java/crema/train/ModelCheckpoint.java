package crema.train;

import crema.io.Safetensors;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Saves the model's {@code stateDict} as safetensors at the end of epochs, like Keras's {@code
 * ModelCheckpoint}: every epoch ({@code last}) or only when the monitored value improves ({@code
 * best}). Writes are atomic (a temporary file renamed over the target), so an interrupted run never
 * leaves a half-written checkpoint. The file loads into the same architecture in Crema or PyTorch.
 *
 * <pre>{@code
 * ModelCheckpoint.best(Path.of("best.safetensors"), "val_accuracy");
 * ModelCheckpoint.last(Path.of("last.safetensors"));
 * model.loadStateDict(Safetensors.read(Path.of("best.safetensors")));
 * }</pre>
 */
public final class ModelCheckpoint implements Callback {
  private final Path file;
  private final String monitor;
  private final boolean lowerIsBetter;
  private double best;
  private int savedEpoch = -1;

  private ModelCheckpoint(Path file, String monitor) {
    this.file = file;
    this.monitor = monitor;
    this.lowerIsBetter = monitor != null && Monitor.lowerIsBetter(monitor);
  }

  /** Saves whenever {@code monitor} reaches a new best. */
  public static ModelCheckpoint best(Path file, String monitor) {
    return new ModelCheckpoint(file, java.util.Objects.requireNonNull(monitor, "monitor"));
  }

  /** Saves after every epoch, overwriting the file. */
  public static ModelCheckpoint last(Path file) {
    return new ModelCheckpoint(file, null);
  }

  @Override
  public void onTrainBegin(Trainer trainer) {
    best = lowerIsBetter ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    savedEpoch = -1;
  }

  @Override
  public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
    if (monitor != null) {
      Double v = logs.get(monitor);
      if (v == null) {
        throw new IllegalStateException(
            "ModelCheckpoint: monitored '"
                + monitor
                + "' is not among the epoch's values "
                + logs.keySet());
      }
      if (!(lowerIsBetter ? v < best : v > best)) {
        return;
      }
      best = v;
    }
    Safetensors.write(file, trainer.model().stateDict());
    savedEpoch = epoch;
  }

  /** The file written. */
  public Path file() {
    return file;
  }

  /** The 0-based epoch last saved, or -1. */
  public int savedEpoch() {
    return savedEpoch;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "ModelCheckpoint(%s, %s)", file, monitor == null ? "last" : "best " + monitor);
  }
}
