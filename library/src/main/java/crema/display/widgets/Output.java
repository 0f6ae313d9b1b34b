package crema.display.widgets;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import crema.display.Display;
import crema.display.MimeBundle;
import crema.display.OutputTarget;
import crema.display.Renderers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An output area inside a widget layout (ipywidgets' {@code Output}): printed text and displayed
 * values (charts, images, tables) captured into it, replaceable at any time, for example from a
 * slider's callback.
 *
 * <pre>{@code
 * Output out = new Output();
 * display(new VBox(slider, out));
 * slider.onChange(v -> out.show(chartFor(v)));               // replace what the output shows
 * out.capture(() -> System.out.println("printed inside"));   // or capture prints and displays
 * }</pre>
 *
 * <p>The outputs are part of the widget's state (its {@code outputs} key), so a notebook saved with
 * its widget state shows them, and a report too.
 */
public final class Output extends Widget implements OutputTarget {
  private static final long STREAM_SYNC_NS = 50_000_000L;

  private final List<JsonObject> outputs = new ArrayList<>();
  private final List<String> displayIds = new ArrayList<>();
  private boolean clearOnNext;
  private long lastSync;

  public Output() {
    super("Output");
  }

  /**
   * Runs {@code body} with this thread's {@code System.out}, {@code System.err}, {@code
   * display(...)} and {@code clearOutput} going into this output.
   */
  public void capture(Runnable body) {
    try {
      Display.capture(this, body);
    } finally {
      sync();
    }
  }

  /** Replaces what this output shows with {@code value}'s rendering. */
  public void show(Object value) {
    synchronized (this) {
      outputs.clear();
      displayIds.clear();
      clearOnNext = false;
      add(Renderers.render(value), null);
    }
    sync();
  }

  /** Adds {@code value}'s rendering below what this output shows. */
  public void append(Object value) {
    publish(Renderers.render(value), null, false);
  }

  /** Empties this output. */
  public void clear() {
    clear(false);
  }

  @Override
  public void stream(String name, String text) {
    boolean now;
    synchronized (this) {
      applyPendingClear();
      JsonObject last = outputs.isEmpty() ? null : outputs.get(outputs.size() - 1);
      if (last != null
          && "stream".equals(last.get("output_type").getAsString())
          && name.equals(last.get("name").getAsString())) {
        last.addProperty("text", last.get("text").getAsString() + text);
      } else {
        JsonObject o = new JsonObject();
        o.addProperty("output_type", "stream");
        o.addProperty("name", name);
        o.addProperty("text", text);
        outputs.add(o);
        displayIds.add(null);
      }
      now = System.nanoTime() - lastSync > STREAM_SYNC_NS;
    }
    if (now) {
      sync();
    }
  }

  @Override
  public void publish(MimeBundle bundle, String displayId, boolean update) {
    synchronized (this) {
      applyPendingClear();
      int at = update && displayId != null ? displayIds.indexOf(displayId) : -1;
      if (at >= 0) {
        outputs.set(at, displayData(bundle));
      } else if (!update) {
        add(bundle, displayId);
      }
    }
    sync();
  }

  @Override
  public void clear(boolean wait) {
    synchronized (this) {
      if (wait) {
        clearOnNext = true;
        return;
      }
      outputs.clear();
      displayIds.clear();
    }
    sync();
  }

  /** How many outputs this widget holds (streams count once per run of text). */
  public synchronized int size() {
    return outputs.size();
  }

  /** The outputs as Jupyter's nbformat output dictionaries (a copy). */
  public synchronized JsonArray outputs() {
    JsonArray a = new JsonArray();
    outputs.forEach(o -> a.add(o.deepCopy()));
    return a;
  }

  private void applyPendingClear() {
    if (clearOnNext) {
      clearOnNext = false;
      outputs.clear();
      displayIds.clear();
    }
  }

  private void add(MimeBundle bundle, String displayId) {
    outputs.add(displayData(bundle));
    displayIds.add(displayId);
  }

  /** Sends the outputs to the browser. */
  private void sync() {
    JsonArray a;
    synchronized (this) {
      a = outputs();
      lastSync = System.nanoTime();
    }
    set("outputs", a);
  }

  /** A bundle as an nbformat display_data output; JSON types stay JSON, not strings. */
  static JsonObject displayData(MimeBundle bundle) {
    JsonObject data = new JsonObject();
    for (Map.Entry<String, String> e : bundle.data().entrySet()) {
      if (e.getKey().endsWith("json")) {
        data.add(e.getKey(), JsonParser.parseString(e.getValue()));
      } else {
        data.addProperty(e.getKey(), e.getValue());
      }
    }
    JsonObject metadata = new JsonObject();
    for (Map.Entry<String, Map<String, Object>> e : bundle.metadata().entrySet()) {
      metadata.add(e.getKey(), toJson(e.getValue()));
    }
    JsonObject o = new JsonObject();
    o.addProperty("output_type", "display_data");
    o.add("data", data);
    o.add("metadata", metadata);
    return o;
  }

  private static JsonObject toJson(Map<String, Object> map) {
    JsonObject o = new JsonObject();
    map.forEach((k, v) -> o.add(k, Widget.toJson(v)));
    return o;
  }
}
