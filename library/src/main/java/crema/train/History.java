package crema.train;

import crema.display.Displayable;
import crema.display.MimeBundle;
import crema.viz.Curves;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link Trainer#fit} run did: one row of values per epoch ({@code loss}, {@code accuracy},
 * {@code val_loss}, {@code val_accuracy}, {@code lr}, {@code time}, ...), the loss of every
 * training batch, and why the run ended. Like the {@code History} object Keras returns.
 *
 * <pre>{@code
 * History h = trainer.fit(trainLoader, valLoader, 10);
 * h.get("val_accuracy");     // double[] with one value per epoch
 * h.best("val_loss");        // the lowest validation loss
 * h.plot();                  // loss and metric curves (shown in a notebook)
 * }</pre>
 *
 * <p>A run that was interrupted or stopped early keeps the rows of the epochs it finished (and the
 * batches of the epoch it broke off); {@link #stopReason()} says what happened.
 */
public final class History implements Displayable {
  private final List<Map<String, Double>> epochs = new ArrayList<>();
  private final Map<String, List<Double>> batches = new LinkedHashMap<>();
  private String stopReason = "";
  private boolean interrupted;

  /** Appends the values of one finished epoch. */
  public void addEpoch(Map<String, Double> values) {
    epochs.add(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
  }

  /** Appends one per-batch value, e.g. {@code ("loss", 0.53)}. */
  public void addBatch(String key, double value) {
    batches.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
  }

  /** Number of finished epochs. */
  public int epochs() {
    return epochs.size();
  }

  /** The values of epoch {@code i} (0-based). */
  public Map<String, Double> epoch(int i) {
    return epochs.get(i);
  }

  /** The values of the last finished epoch (empty if none). */
  public Map<String, Double> last() {
    return epochs.isEmpty() ? Map.of() : epochs.get(epochs.size() - 1);
  }

  /** The per-epoch series of {@code key}; NaN where an epoch lacks it. */
  public double[] get(String key) {
    if (!keys().contains(key)) {
      throw new IllegalArgumentException("History has no '" + key + "'; it has " + keys());
    }
    double[] out = new double[epochs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = epochs.get(i).getOrDefault(key, Double.NaN);
    }
    return out;
  }

  /** Whether any epoch recorded {@code key}. */
  public boolean has(String key) {
    return keys().contains(key);
  }

  /** The per-batch series of {@code key} (e.g. {@code "loss"}), over all epochs. */
  public double[] batchSeries(String key) {
    List<Double> l = batches.get(key);
    if (l == null) {
      throw new IllegalArgumentException(
          "History has no per-batch '" + key + "'; it has " + batches.keySet());
    }
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The per-batch keys. */
  public Set<String> batchKeys() {
    return Collections.unmodifiableSet(batches.keySet());
  }

  /** The per-epoch keys, in first-seen order. */
  public Set<String> keys() {
    Set<String> k = new LinkedHashSet<>();
    for (Map<String, Double> e : epochs) {
      k.addAll(e.keySet());
    }
    return k;
  }

  /** The best value of {@code key}: lowest for losses and errors, highest otherwise. */
  public double best(String key) {
    return get(key)[bestEpoch(key)];
  }

  /** The 0-based epoch of the best value of {@code key} (see {@link #best}). */
  public int bestEpoch(String key) {
    double[] v = get(key);
    boolean min = Monitor.lowerIsBetter(key);
    int best = -1;
    for (int i = 0; i < v.length; i++) {
      if (Double.isNaN(v[i])) {
        continue;
      }
      if (best < 0 || (min ? v[i] < v[best] : v[i] > v[best])) {
        best = i;
      }
    }
    if (best < 0) {
      throw new IllegalStateException("History: no value of '" + key + "' recorded");
    }
    return best;
  }

  /** Why the run ended early ("" when it ran all its epochs). */
  public String stopReason() {
    return stopReason;
  }

  /** Whether the run was interrupted (e.g. the notebook's stop button). */
  public boolean interrupted() {
    return interrupted;
  }

  void stopped(String reason, boolean byInterrupt) {
    this.stopReason = reason;
    this.interrupted = this.interrupted || byInterrupt;
  }

  /**
   * The loss and metric curves per epoch, one panel per quantity with training and validation in
   * the same panel (viz's {@link Curves}); shown in a notebook with {@code display(h.plot())} or as
   * the last expression of a cell, saved with {@code h.plot().save(path)}.
   */
  public Curves plot() {
    Map<String, double[]> series = new LinkedHashMap<>();
    for (String k : keys()) {
      if (!k.equals("time") && !k.equals("samples_per_sec")) {
        series.put(k, get(k));
      }
    }
    return Curves.of(series);
  }

  /** The rows as a text table. */
  public String table() {
    List<String> keys = new ArrayList<>(keys());
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%5s", "epoch"));
    for (String k : keys) {
      sb.append(String.format(Locale.ROOT, " %12s", k));
    }
    for (int i = 0; i < epochs.size(); i++) {
      sb.append(String.format(Locale.ROOT, "%n%5d", i + 1));
      for (String k : keys) {
        sb.append(' ')
            .append(
                String.format(
                    Locale.ROOT,
                    "%12s",
                    Progress.format(k, epochs.get(i).getOrDefault(k, Double.NaN))));
      }
    }
    return sb.toString();
  }

  @Override
  public MimeBundle toMimeBundle() {
    List<String> keys = new ArrayList<>(keys());
    StringBuilder h = new StringBuilder("<table><tr><th>epoch</th>");
    for (String k : keys) {
      h.append("<th>").append(k).append("</th>");
    }
    h.append("</tr>");
    for (int i = 0; i < epochs.size(); i++) {
      h.append("<tr><td>").append(i + 1).append("</td>");
      for (String k : keys) {
        h.append("<td>")
            .append(Progress.format(k, epochs.get(i).getOrDefault(k, Double.NaN)))
            .append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</table>");
    if (!stopReason.isEmpty()) {
      h.append("<p>").append(stopReason.replace("<", "&lt;")).append("</p>");
    }
    return MimeBundle.text(toString() + "\n" + table()).with(MimeBundle.HTML, h.toString());
  }

  @Override
  public String toString() {
    return "History("
        + epochs.size()
        + " epochs"
        + (stopReason.isEmpty() ? "" : ", " + stopReason)
        + ")";
  }
}
