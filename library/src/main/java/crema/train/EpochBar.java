package crema.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The console form of one epoch's progress: a bar, batches done, samples per second, time left, and
 * the running loss and metrics; at the end, the epoch's time and validation values. (In a notebook,
 * viz's {@code ProgressBar} is shown instead.)
 */
final class EpochBar {
  private final int epoch;
  private final int epochs;
  private final int batches;
  private int done;
  private long samples;
  private double seconds;
  private boolean finished;
  private String note = "";
  private Map<String, Double> values = new LinkedHashMap<>();

  EpochBar(int epoch, int epochs, int batches) {
    this.epoch = epoch;
    this.epochs = epochs;
    this.batches = batches;
  }

  void update(int done, long samples, double seconds, Map<String, Double> values) {
    this.done = done;
    this.samples = samples;
    this.seconds = seconds;
    this.values = new LinkedHashMap<>(values);
  }

  void finish(Map<String, Double> values, String note) {
    this.finished = true;
    this.values = new LinkedHashMap<>(values);
    this.note = note == null ? "" : note;
  }

  private double rate() {
    return seconds > 0 ? samples / seconds : 0;
  }

  private String eta() {
    if (finished) {
      return Progress.duration(seconds);
    }
    if (done == 0 || batches <= 0) {
      return "?";
    }
    return Progress.duration(seconds / done * (batches - done));
  }

  private String valuesText() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Double> e : values.entrySet()) {
      if (e.getKey().equals("time") || e.getKey().equals("samples_per_sec")) {
        continue;
      }
      sb.append(" · ")
          .append(e.getKey())
          .append(' ')
          .append(Progress.format(e.getKey(), e.getValue()));
    }
    return sb.toString();
  }

  String text() {
    int width = 20;
    int filled = batches > 0 ? (int) Math.round(width * (double) done / batches) : width;
    if (finished) {
      filled = width;
    }
    String bar =
        "=".repeat(Math.max(0, filled - 1))
            + (filled > 0 ? (finished ? "=" : ">") : "")
            + " ".repeat(width - filled);
    String count =
        batches > 0 ? String.format(Locale.ROOT, "%d/%d", done, batches) : String.valueOf(done);
    return String.format(
            Locale.ROOT,
            "Epoch %d/%d [%s] %s · %s samples/s · %s %s",
            epoch + 1,
            epochs,
            bar,
            count,
            Progress.rate(rate()),
            finished ? "took" : "ETA",
            eta())
        + valuesText()
        + (note.isEmpty() ? "" : " · " + note);
  }

  @Override
  public String toString() {
    return text();
  }
}
