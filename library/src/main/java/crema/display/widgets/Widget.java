package crema.display.widgets;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import crema.display.Comm;
import crema.display.CommMessage;
import crema.display.Displayable;
import crema.display.MimeBundle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A Jupyter widget: a model whose state lives both here and in the browser, kept in sync over a
 * comm with the widget message protocol 2.1 (ipywidgets 8). Subclasses are the controls (sliders,
 * dropdowns, buttons, ...), containers and outputs.
 *
 * <pre>{@code
 * IntSlider s = new IntSlider("epochs", 1, 50, 10);
 * s.observe("value", c -> System.out.println("now " + c.newValue()));
 * display(s);   // renders the slider; moving it runs the observer
 * }</pre>
 *
 * <p>The comm opens lazily, the first time the widget is displayed or put into a shown container,
 * with its full state. Later changes made in Java are sent as {@code update} messages; changes made
 * in the browser arrive on the comm thread, are checked against the state's types (a malformed
 * update is rejected as a whole) and then reach the observers. All state access is synchronized, so
 * a training loop can read a slider while the browser moves it.
 */
public abstract class Widget implements Displayable {
  /** The comm target of widget models. */
  public static final String TARGET = "jupyter.widget";

  /** MIME type of a widget view in a display bundle. */
  public static final String VIEW_MIME = "application/vnd.jupyter.widget-view+json";

  private static final Map<String, Widget> OPEN = new ConcurrentHashMap<>();

  private final String modelId = UUID.randomUUID().toString().replace("-", "");
  private final JsonObject state;
  private final Map<String, byte[]> binary = new LinkedHashMap<>();
  private final Map<String, List<Consumer<WidgetChange>>> observers = new ConcurrentHashMap<>();
  private final Map<String, List<Consumer<JsonObject>>> events = new ConcurrentHashMap<>();
  private final Widget layout;
  private final Widget style;
  private Comm comm;

  /** A widget of {@code kind} (a name in the defaults: "IntSlider", "Output", ...). */
  protected Widget(String kind) {
    this(WidgetDefaults.widget(kind));
  }

  Widget(JsonObject defaults) {
    this.state = defaults;
    if (state.has("layout")) {
      layout = new Layout();
      state.addProperty("layout", layout.reference());
    } else {
      layout = null;
    }
    if (state.has("style") && state.get("style").isJsonPrimitive()) {
      style = new Style(state.get("style").getAsString());
      state.addProperty("style", style.reference());
    } else {
      style = null;
    }
  }

  /** The model id the browser knows this widget by. */
  public final String modelId() {
    return modelId;
  }

  /** {@code "IPY_MODEL_<id>"}, how one widget's state refers to another. */
  public final String reference() {
    return "IPY_MODEL_" + modelId;
  }

  /**
   * The layout of this widget (CSS size, margins, ...), e.g. {@code w.layout().set("width",
   * "300px")}; {@code null} for widgets without one.
   */
  public Widget layout() {
    return layout;
  }

  /** The style of this widget (colours, description width), or {@code null}. */
  public Widget style() {
    return style;
  }

  /** The JSON value of a state key (a copy is not made: do not modify it). */
  public final synchronized JsonElement get(String key) {
    JsonElement v = state.get(key);
    if (v == null) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + " has no state key \"" + key + "\"");
    }
    return v;
  }

  /** Sets a state key from Java; sent to the browser, observers run on this thread. */
  public final void set(String key, JsonElement value) {
    JsonElement v = value == null ? JsonNull.INSTANCE : value;
    JsonElement old;
    synchronized (this) {
      old = get(key);
      checkType(key, old, v);
      v = normalize(key, v);
      if (old.equals(v)) {
        return;
      }
      state.add(key, v);
      if (comm != null) {
        JsonObject s = new JsonObject();
        s.add(key, v);
        comm.send(updateMessage(s), List.of());
      }
    }
    fire(new WidgetChange(this, key, old, v, false));
  }

  /** {@link #set(String, JsonElement)} for a string, number or boolean. */
  public final void set(String key, Object value) {
    set(key, toJson(value));
  }

  /** Sets a binary state key (e.g. an image's bytes), sent as a binary buffer. */
  protected final void setBytes(String key, byte[] bytes) {
    synchronized (this) {
      binary.put(key, bytes.clone());
      if (comm != null) {
        JsonObject s = new JsonObject();
        JsonArray paths = new JsonArray();
        JsonArray path = new JsonArray();
        path.add(key);
        paths.add(path);
        JsonObject msg = new JsonObject();
        msg.addProperty("method", "update");
        msg.add("state", s);
        msg.add("buffer_paths", paths);
        comm.send(msg, List.of(bytes.clone()));
      }
    }
    fire(new WidgetChange(this, key, JsonNull.INSTANCE, JsonNull.INSTANCE, false));
  }

  /** The bytes of a binary state key, or {@code null}. */
  protected final synchronized byte[] getBytes(String key) {
    byte[] b = binary.get(key);
    return b == null ? null : b.clone();
  }

  /** Runs {@code observer} after every change of state key {@code key}. */
  public final void observe(String key, Consumer<WidgetChange> observer) {
    get(key); // fails early on a misspelt key
    observers.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(observer);
  }

  /** Runs {@code handler} for each custom message whose {@code event} is {@code event}. */
  protected final void onEvent(String event, Consumer<JsonObject> handler) {
    events.computeIfAbsent(event, k -> new CopyOnWriteArrayList<>()).add(handler);
  }

  /** Runs the handlers of a custom event, as if the browser had sent it. */
  protected final void fireEvent(String event, JsonObject content) {
    for (Consumer<JsonObject> h : events.getOrDefault(event, List.of())) {
      h.accept(content);
    }
  }

  /** Widgets whose comms must be open before this one's (layout, style, children). */
  protected Collection<Widget> dependencies() {
    List<Widget> deps = new ArrayList<>(2);
    if (layout != null) {
      deps.add(layout);
    }
    if (style != null) {
      deps.add(style);
    }
    return deps;
  }

  /** Opens the comm (once), after those of the widgets this one refers to. */
  public final void open() {
    for (Widget w : dependencies()) {
      w.open();
    }
    synchronized (this) {
      if (comm != null) {
        return;
      }
      JsonObject data = new JsonObject();
      List<byte[]> buffers = new ArrayList<>();
      data.add("state", stateCopy());
      data.add("buffer_paths", bufferPaths(buffers));
      JsonObject metadata = new JsonObject();
      metadata.addProperty("version", WidgetDefaults.protocolVersion());
      comm = Comm.openWithId(modelId, TARGET, data, metadata, buffers);
      comm.onMessage(this::received);
      comm.onClose(m -> closedByFrontEnd());
      OPEN.put(modelId, this);
    }
  }

  /** Closes the comm; the browser removes the widget's views. */
  public void close() {
    Comm c;
    synchronized (this) {
      c = comm;
      comm = null;
    }
    if (c != null) {
      OPEN.remove(modelId);
      c.close();
    }
  }

  private synchronized void closedByFrontEnd() {
    comm = null;
    OPEN.remove(modelId);
  }

  /** Whether the comm is open. */
  public final synchronized boolean isOpen() {
    return comm != null;
  }

  /** Every open widget, for the control comm's {@code request_states}. */
  static Collection<Widget> openWidgets() {
    return List.copyOf(OPEN.values());
  }

  synchronized JsonObject stateCopy() {
    return state.deepCopy();
  }

  /** Buffer paths of the binary keys; their bytes are added to {@code buffers} in order. */
  synchronized JsonArray bufferPaths(List<byte[]> buffers) {
    JsonArray paths = new JsonArray();
    for (Map.Entry<String, byte[]> e : binary.entrySet()) {
      JsonArray p = new JsonArray();
      p.add(e.getKey());
      paths.add(p);
      buffers.add(e.getValue().clone());
    }
    return paths;
  }

  @Override
  public MimeBundle toMimeBundle() {
    open();
    String view = "{\"version_major\":2,\"version_minor\":0,\"model_id\":\"" + modelId + "\"}";
    return MimeBundle.text(toString()).with(VIEW_MIME, view);
  }

  @Override
  public String toString() {
    JsonElement v;
    synchronized (this) {
      v = state.get("value");
    }
    return getClass().getSimpleName() + (v == null ? "" : "(value=" + v + ")");
  }

  // ---- messages from the browser ----

  private void received(CommMessage m) {
    JsonObject data = m.data();
    String method = data.has("method") ? data.get("method").getAsString() : "";
    switch (method) {
      case "update" -> {
        JsonElement s = data.get("state");
        if (s == null || !s.isJsonObject()) {
          throw new IllegalArgumentException(
              getClass().getSimpleName() + " update without a state object: " + data);
        }
        applyFromFrontEnd(s.getAsJsonObject(), data.get("buffer_paths"), m.buffers());
      }
      case "request_state" -> sendFullState();
      case "custom" -> {
        JsonElement c = data.get("content");
        JsonObject content = c != null && c.isJsonObject() ? c.getAsJsonObject() : new JsonObject();
        String event = content.has("event") ? content.get("event").getAsString() : "";
        fireEvent(event, content);
      }
      default ->
          throw new IllegalArgumentException(
              getClass().getSimpleName() + ": unknown widget message method \"" + method + "\"");
    }
  }

  private void applyFromFrontEnd(JsonObject update, JsonElement paths, List<byte[]> buffers) {
    List<WidgetChange> changes = new ArrayList<>();
    synchronized (this) {
      Map<String, JsonElement> checked = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> e : update.entrySet()) {
        JsonElement old = state.get(e.getKey());
        if (old == null) {
          throw new IllegalArgumentException(
              getClass().getSimpleName() + " has no state key \"" + e.getKey() + "\"");
        }
        checkType(e.getKey(), old, e.getValue());
        checked.put(e.getKey(), normalize(e.getKey(), e.getValue()));
      }
      if (paths != null && paths.isJsonArray()) {
        JsonArray pa = paths.getAsJsonArray();
        for (int i = 0; i < pa.size() && i < buffers.size(); i++) {
          String key = pa.get(i).getAsJsonArray().get(0).getAsString();
          binary.put(key, buffers.get(i).clone());
        }
      }
      for (Map.Entry<String, JsonElement> e : checked.entrySet()) {
        JsonElement old = state.get(e.getKey());
        if (!old.equals(e.getValue())) {
          state.add(e.getKey(), e.getValue());
          changes.add(new WidgetChange(this, e.getKey(), old, e.getValue(), true));
        }
      }
    }
    for (WidgetChange c : changes) {
      fire(c);
    }
  }

  private synchronized void sendFullState() {
    if (comm != null) {
      List<byte[]> buffers = new ArrayList<>();
      JsonObject msg = new JsonObject();
      msg.addProperty("method", "update");
      msg.add("state", stateCopy());
      msg.add("buffer_paths", bufferPaths(buffers));
      comm.send(msg, buffers);
    }
  }

  private void fire(WidgetChange c) {
    for (Consumer<WidgetChange> o : observers.getOrDefault(c.name(), List.of())) {
      o.accept(c);
    }
  }

  /**
   * Rejects a value whose JSON type differs from the key's current one (a number for a string key,
   * ...). {@code null} is accepted where the current value is {@code null}.
   */
  private void checkType(String key, JsonElement old, JsonElement v) {
    if (old.isJsonNull() || kind(old).equals(kind(v)) || (v.isJsonNull() && nullable(key))) {
      return;
    }
    throw new IllegalArgumentException(
        getClass().getSimpleName()
            + ": state key \""
            + key
            + "\" takes a "
            + kind(old)
            + ", not "
            + v);
  }

  /** Whether {@code key} may be set to {@code null}; subclasses widen this. */
  protected boolean nullable(String key) {
    return false;
  }

  /** Lets a subclass clamp or round a value before it is stored (e.g. a slider into its range). */
  protected JsonElement normalize(String key, JsonElement value) {
    return value;
  }

  private static String kind(JsonElement e) {
    if (e.isJsonNull()) {
      return "null";
    }
    if (e.isJsonArray()) {
      return "list";
    }
    if (e.isJsonObject()) {
      return "object";
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    return p.isBoolean() ? "boolean" : p.isNumber() ? "number" : "string";
  }

  static JsonElement toJson(Object value) {
    if (value == null) {
      return JsonNull.INSTANCE;
    }
    if (value instanceof JsonElement j) {
      return j;
    }
    if (value instanceof Number n) {
      return new JsonPrimitive(n);
    }
    if (value instanceof Boolean b) {
      return new JsonPrimitive(b);
    }
    if (value instanceof Widget w) {
      return new JsonPrimitive(w.reference());
    }
    if (value instanceof Collection<?> c) {
      JsonArray a = new JsonArray();
      c.forEach(x -> a.add(toJson(x)));
      return a;
    }
    return new JsonPrimitive(value.toString());
  }

  private static JsonObject updateMessage(JsonObject s) {
    JsonObject msg = new JsonObject();
    msg.addProperty("method", "update");
    msg.add("state", s);
    msg.add("buffer_paths", new JsonArray());
    return msg;
  }
}
