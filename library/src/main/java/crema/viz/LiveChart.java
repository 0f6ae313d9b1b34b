package crema.viz;

import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Training curves that redraw themselves in place while a model trains: add points every epoch or
 * every N batches, and the chart updates at most once per interval (default 0.5 s), so plotting
 * never slows training down. {@link #close()} draws the final state, which is what an exported
 * report keeps.
 *
 * <pre>{@code
 * try (LiveChart live = new LiveChart("epoch")) {
 *   for (int epoch = 1; epoch <= 10; epoch++) {
 *     ...
 *     live.add(epoch, Map.of("loss", trainLoss, "val_loss", valLoss, "val_accuracy", acc));
 *   }
 * }
 * }</pre>
 */
public final class LiveChart implements AutoCloseable {
  private final Curves curves;
  private final LongSupplier clock;
  private long intervalNanos = Duration.ofMillis(500).toNanos();
  private long lastDraw;
  private boolean shown;
  private boolean dirty;
  private int draws;

  /** A live chart with "epoch" on the x axis. */
  public LiveChart() {
    this("epoch");
  }

  /** A live chart with the given x-axis title ("epoch", "batch", "step"). */
  public LiveChart(String xLabel) {
    this(xLabel, System::nanoTime);
  }

  LiveChart(String xLabel, LongSupplier clock) {
    this.curves = new Curves().xLabel(xLabel);
    this.clock = clock;
  }

  /** The minimum time between two redraws. */
  public LiveChart every(Duration interval) {
    this.intervalNanos = interval.toNanos();
    return this;
  }

  /** Adds one point to one series and redraws if the interval has passed. */
  public synchronized LiveChart add(String series, double x, double y) {
    curves.add(series, x, y);
    dirty = true;
    maybeDraw();
    return this;
  }

  /** Adds one point per metric at the same x (an epoch's results) and redraws if due. */
  public synchronized LiveChart add(double x, Map<String, ? extends Number> metrics) {
    for (Map.Entry<String, ? extends Number> e : metrics.entrySet()) {
      curves.add(e.getKey(), x, e.getValue().doubleValue());
    }
    dirty = true;
    maybeDraw();
    return this;
  }

  private void maybeDraw() {
    long now = clock.getAsLong();
    if (!shown || now - lastDraw >= intervalNanos) {
      draw(now);
    }
  }

  private void draw(long now) {
    if (shown) {
      curves.update();
    } else {
      curves.show();
      shown = true;
    }
    lastDraw = now;
    dirty = false;
    draws++;
  }

  /** Redraws now if points were added since the last redraw. */
  public synchronized void flush() {
    if (dirty) {
      draw(clock.getAsLong());
    }
  }

  /** Draws the final state. */
  @Override
  public synchronized void close() {
    flush();
  }

  /** The curves drawn, for example to show them again later. */
  public Curves curves() {
    return curves;
  }

  /** How many times the chart was drawn (shown or updated). */
  public synchronized int draws() {
    return draws;
  }

  @Override
  public String toString() {
    return "LiveChart " + curves;
  }
}
