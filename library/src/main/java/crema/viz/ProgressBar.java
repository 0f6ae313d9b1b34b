package crema.viz;

import crema.display.Display;
import crema.display.DisplayHandle;
import crema.display.Displayable;
import crema.display.MimeBundle;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A progress bar like tqdm's: an HTML bar in the notebook (plain HTML and CSS, no JavaScript, so it
 * reads the same in an exported report), a compact one-line text form elsewhere. It shows done /
 * total, the rate, the time elapsed and left, and the latest metrics. Updates are throttled to at
 * most ten redraws per second, plus the final one.
 *
 * <pre>{@code
 * try (ProgressBar bar = new ProgressBar("epoch 1", 60_000).unit("samples")) {
 *   for (var batch : loader) {
 *     ...
 *     bar.step(batch.size(), Map.of("loss", loss.item()));
 *   }
 * }
 * // epoch 1 100%|██████████████████████████| 60000/60000 [00:12<00:00, 4983.1 samples/s, loss=0.31]
 * }</pre>
 */
public final class ProgressBar implements Displayable, AutoCloseable {
  private static final long MIN_INTERVAL_NANOS = 100_000_000L;
  private static final String BLOCKS = " ▏▎▍▌▋▊▉█";
  private static final int TEXT_WIDTH = 24;

  private final String description;
  private final long total;
  private final LongSupplier clock;
  private final long start;
  private final Map<String, Double> metrics = new LinkedHashMap<>();
  private String unit = "it";
  private long done;
  private long lastDraw;
  private boolean closed;
  private int draws;
  private DisplayHandle handle;

  /** A bar for {@code total} steps, labelled {@code description}. */
  public ProgressBar(String description, long total) {
    this(description, total, System::nanoTime);
  }

  /** A bar for {@code total} steps. */
  public ProgressBar(long total) {
    this("", total);
  }

  ProgressBar(String description, long total, LongSupplier clock) {
    if (total < 0) {
      throw new IllegalArgumentException("ProgressBar: total must be ≥ 0, got " + total);
    }
    this.description = description == null ? "" : description;
    this.total = total;
    this.clock = clock;
    this.start = clock.getAsLong();
  }

  /** The unit of a step for the rate ("it" by default; "samples", "batches", "img"). */
  public ProgressBar unit(String u) {
    this.unit = u;
    return this;
  }

  /** Advances by one step. */
  public ProgressBar step() {
    return step(1, Map.of());
  }

  /** Advances by {@code n} steps. */
  public ProgressBar step(long n) {
    return step(n, Map.of());
  }

  /** Advances by {@code n} steps and records the latest metrics (loss, accuracy, ...). */
  public synchronized ProgressBar step(long n, Map<String, ? extends Number> latest) {
    if (n < 0) {
      throw new IllegalArgumentException("ProgressBar.step: n must be ≥ 0, got " + n);
    }
    done += n;
    for (Map.Entry<String, ? extends Number> e : latest.entrySet()) {
      metrics.put(e.getKey(), e.getValue().doubleValue());
    }
    long now = clock.getAsLong();
    if (handle == null || now - lastDraw >= MIN_INTERVAL_NANOS || done == total) {
      draw(now);
    }
    return this;
  }

  /** Records a metric shown after the bar, without advancing. */
  public synchronized ProgressBar metric(String name, double value) {
    metrics.put(name, value);
    return this;
  }

  /** Shows the bar now (it also shows itself on the first step). */
  public synchronized DisplayHandle show() {
    draw(clock.getAsLong());
    return handle;
  }

  private void draw(long now) {
    if (handle == null) {
      handle = Display.display(this);
    } else {
      handle.update(this);
    }
    lastDraw = now;
    draws++;
  }

  /** Draws the final state: complete, or stopped where it was. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      draw(clock.getAsLong());
    }
  }

  /** Steps done so far. */
  public synchronized long done() {
    return done;
  }

  /** How many times the bar was drawn. */
  public synchronized int draws() {
    return draws;
  }

  private double elapsedSeconds() {
    return (clock.getAsLong() - start) / 1e9;
  }

  private double rate(double elapsed) {
    return elapsed > 0 ? done / elapsed : 0;
  }

  /** The single text line, tqdm style. */
  public synchronized String line() {
    double elapsed = elapsedSeconds();
    double rate = rate(elapsed);
    StringBuilder b = new StringBuilder();
    if (!description.isEmpty()) {
      b.append(description).append(' ');
    }
    if (total > 0) {
      double f = Math.min(1, (double) done / total);
      b.append(String.format(Locale.ROOT, "%3d%%|", (int) Math.floor(f * 100)));
      b.append(textBar(f)).append("| ");
    }
    b.append(done);
    if (total > 0) {
      b.append('/').append(total);
    }
    b.append(" [").append(clock(elapsed));
    if (total > 0 && !finished()) {
      b.append('<').append(rate > 0 ? clock((total - done) / rate) : "?");
    }
    b.append(", ").append(formatRate(rate)).append(' ').append(unit).append("/s");
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      b.append(", ").append(e.getKey()).append('=').append(metric(e.getValue()));
    }
    b.append(']');
    if (closed && !finished()) {
      b.append(" stopped");
    }
    return b.toString();
  }

  private boolean finished() {
    return total > 0 && done >= total;
  }

  private static String textBar(double f) {
    int eighths = (int) Math.round(f * TEXT_WIDTH * 8);
    StringBuilder b = new StringBuilder(TEXT_WIDTH);
    for (int i = 0; i < TEXT_WIDTH; i++) {
      int k = Math.max(0, Math.min(8, eighths - i * 8));
      b.append(BLOCKS.charAt(k));
    }
    return b.toString();
  }

  static String clock(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
  }

  private static String formatRate(double r) {
    return r >= 100
        ? String.format(Locale.ROOT, "%.0f", r)
        : String.format(Locale.ROOT, r >= 10 ? "%.1f" : "%.2f", r);
  }

  private static String metric(double v) {
    double a = Math.abs(v);
    return a != 0 && (a < 1e-3 || a >= 1e5)
        ? String.format(Locale.ROOT, "%.3e", v)
        : String.format(Locale.ROOT, "%.4f", v);
  }

  /** The bar as HTML: inline styles only, no scripts, readable on light and dark themes. */
  public synchronized String html() {
    double f = total > 0 ? Math.min(1, (double) done / total) : (closed ? 1 : 0);
    String colour =
        finished() || (total == 0 && closed) ? "#2ca02c" : closed ? "#d62728" : "#1f77b4";
    double elapsed = elapsedSeconds();
    double rate = rate(elapsed);
    StringBuilder b = new StringBuilder(600);
    b.append(
        "<div class=\"crema-progress\" style=\"display:flex;align-items:center;gap:8px;"
            + "font:13px/1.4 system-ui,sans-serif;margin:2px 0\">");
    if (!description.isEmpty()) {
      b.append("<span style=\"min-width:5em\">").append(Html.escape(description)).append("</span>");
    }
    b.append(
            "<div style=\"flex:0 0 260px;height:14px;border:1px solid #999;border-radius:3px;"
                + "background:rgba(128,128,128,0.15);overflow:hidden\">")
        .append("<div style=\"width:")
        .append(String.format(Locale.ROOT, "%.1f", f * 100))
        .append("%;height:100%;background:")
        .append(colour)
        .append("\"></div></div>");
    b.append("<span style=\"font-variant-numeric:tabular-nums;white-space:nowrap\">");
    if (total > 0) {
      b.append((int) Math.floor(f * 100)).append("% ").append(done).append('/').append(total);
    } else {
      b.append(done);
    }
    b.append(" [").append(clock(elapsed));
    if (total > 0 && !finished() && !closed) {
      b.append(" &lt; ").append(rate > 0 ? clock((total - done) / rate) : "?");
    }
    b.append(", ").append(formatRate(rate)).append(' ').append(Html.escape(unit)).append("/s]");
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      b.append(" &nbsp;<b>")
          .append(Html.escape(e.getKey()))
          .append("</b>=")
          .append(metric(e.getValue()));
    }
    if (closed && !finished() && total > 0) {
      b.append(" &nbsp;<span style=\"color:#d62728\">stopped</span>");
    }
    return b.append("</span></div>").toString();
  }

  @Override
  public MimeBundle toMimeBundle() {
    return MimeBundle.text(line()).with(MimeBundle.HTML, html());
  }

  @Override
  public String toString() {
    return line();
  }
}
