package crema.train;

import crema.display.ConsoleBackend;
import crema.display.Display;
import crema.viz.ProgressBar;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The progress shown during {@link Trainer#fit}. In a notebook: one {@link ProgressBar} per epoch,
 * shown through {@link Display} and updated in place (throttled by the bar), closed with the
 * epoch's final values, so an exported report holds the final state. Under plain {@code java}: one
 * compact line per epoch, rewritten with {@code \r} while it runs on an interactive terminal.
 */
final class Progress implements Callback {
  private static final long CONSOLE_UPDATE_NANOS = 500_000_000L;
  private final PrintStream console;
  private final boolean notebook;
  private final boolean interactive;
  private ProgressBar bar;
  private EpochBar line;
  private long lastUpdate;
  private long lastSamples;
  private int epochs;
  private int batches;
  private long samplesPerEpoch;

  Progress() {
    this.console = System.out;
    this.notebook = !(Display.backend() instanceof ConsoleBackend);
    this.interactive = System.console() != null;
  }

  void start(int epochs, int batches, long samplesPerEpoch) {
    this.epochs = epochs;
    this.batches = batches;
    this.samplesPerEpoch = samplesPerEpoch;
  }

  @Override
  public void onEpochBegin(Trainer trainer, int epoch) {
    lastUpdate = System.nanoTime();
    lastSamples = 0;
    if (notebook) {
      bar =
          new ProgressBar(
                  String.format(Locale.ROOT, "Epoch %d/%d", epoch + 1, epochs), samplesPerEpoch)
              .unit("samples");
    } else {
      line = new EpochBar(epoch, epochs, batches);
    }
  }

  /** After a training batch: {@code done} batches, {@code samples} examples so far. */
  void batch(int done, long samples, double seconds, Map<String, Double> running) {
    if (bar != null) {
      bar.step(samples - lastSamples, running);
      lastSamples = samples;
      return;
    }
    long now = System.nanoTime();
    if (line == null || !interactive || now - lastUpdate < CONSOLE_UPDATE_NANOS) {
      if (line != null) {
        line.update(done, samples, seconds, running);
      }
      return;
    }
    lastUpdate = now;
    line.update(done, samples, seconds, running);
    console.print("\r" + line.text());
    console.flush();
  }

  /** The end of an epoch (values: its History row) or of a broken-off one (note: why). */
  void end(Map<String, Double> values, String note) {
    if (bar != null) {
      Map<String, Double> shown = new LinkedHashMap<>();
      for (Map.Entry<String, Double> e : values.entrySet()) {
        if (!e.getKey().equals("time") && !e.getKey().equals("samples_per_sec")) {
          shown.put(e.getKey(), e.getValue());
        }
      }
      shown.forEach(bar::metric);
      bar.close();
      bar = null;
    }
    if (line != null) {
      line.finish(values, note);
      console.print((interactive ? "\r" : "") + line.text() + System.lineSeparator());
      console.flush();
      line = null;
    }
  }

  /** A value for display: 4 decimals, scientific for tiny ones such as learning rates. */
  static String format(String key, double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (key.equals("time")) {
      return duration(v);
    }
    double a = Math.abs(v);
    if (a != 0 && (a < 1e-3 || a >= 1e5)) {
      return String.format(Locale.ROOT, "%.3e", v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

  static String duration(double seconds) {
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1fs", seconds);
    }
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  static String rate(double perSecond) {
    return perSecond >= 1000
        ? String.format(Locale.ROOT, "%.1fk", perSecond / 1000)
        : String.format(Locale.ROOT, "%.0f", perSecond);
  }
}
