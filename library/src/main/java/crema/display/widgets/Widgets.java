package crema.display.widgets;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import crema.display.Comms;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Helpers over widgets: {@code link} keeps two values equal, {@code interact} builds a small app
 * from a function and its controls, in the manner of ipywidgets' {@code interact}.
 *
 * <pre>{@code
 * IntSlider n = new IntSlider("n", 1, 20, 5);
 * Widgets.interact(n, k -> Plots.line(xs, powers(k)))   // the chart redraws as n moves
 * }</pre>
 */
public final class Widgets {
  /** The comm target the browser opens to ask for every widget's state (page reload). */
  public static final String CONTROL_TARGET = "jupyter.widget.control";

  private Widgets() {}

  /**
   * Keeps {@code a} and {@code b} equal: a change of either is copied to the other. {@code b} takes
   * {@code a}'s value now.
   */
  public static <T> void link(ValueWidget<T> a, ValueWidget<T> b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    b.setValue(a.value());
    // set() returns early when the value is already equal, which ends the ping-pong.
    a.onChange(b::setValue);
    b.onChange(a::setValue);
  }

  /**
   * Shows {@code f(a)} in an output below {@code a}, recomputed on every change of {@code a}.
   * Returns the box: make it the cell's last expression, or {@code display(...)} it.
   */
  public static <A> VBox interact(ValueWidget<A> a, Function<? super A, ?> f) {
    return interact(() -> f.apply(a.value()), a);
  }

  /** {@link #interact(ValueWidget, Function)} for a function of two controls. */
  public static <A, B> VBox interact(
      ValueWidget<A> a, ValueWidget<B> b, BiFunction<? super A, ? super B, ?> f) {
    return interact(() -> f.apply(a.value(), b.value()), a, b);
  }

  /**
   * Shows {@code view.get()} below the controls, recomputed whenever one of them changes; the
   * function reads the controls itself. Whatever it prints or displays is shown too; a {@code null}
   * result shows only that.
   */
  public static VBox interact(Supplier<?> view, ValueWidget<?>... controls) {
    Output out = new Output();
    Runnable redraw =
        () ->
            out.capture(
                () -> {
                  out.clear(true);
                  Object v = view.get();
                  if (v != null) {
                    out.append(v);
                  }
                });
    for (ValueWidget<?> c : controls) {
      c.onChange(x -> redraw.run());
    }
    redraw.run();
    List<Widget> children = new ArrayList<>(List.of(controls));
    children.add(out);
    return new VBox(children.toArray(Widget[]::new));
  }

  /**
   * Answers the browser's {@code jupyter.widget.control} comm: on {@code request_states} it sends
   * the full state of every open widget, which is how a reloaded page gets its widgets back. The
   * kernel installs this at start.
   */
  public static void registerControlTarget() {
    Comms.registerTarget(
        CONTROL_TARGET,
        (comm, first) ->
            comm.onMessage(
                m -> {
                  String method =
                      m.data().has("method") ? m.data().get("method").getAsString() : "";
                  if (!method.equals("request_states")) {
                    throw new IllegalArgumentException(
                        "unknown widget control method \"" + method + "\"");
                  }
                  List<byte[]> buffers = new ArrayList<>();
                  JsonObject states = new JsonObject();
                  JsonObject paths = new JsonObject();
                  for (Widget w : Widget.openWidgets()) {
                    JsonObject s = w.stateCopy();
                    JsonObject entry = new JsonObject();
                    entry.add("model_name", s.get("_model_name"));
                    entry.add("model_module", s.get("_model_module"));
                    entry.add("model_module_version", s.get("_model_module_version"));
                    entry.add("state", s);
                    states.add(w.modelId(), entry);
                    List<byte[]> own = new ArrayList<>();
                    JsonArray p = w.bufferPaths(own);
                    JsonArray full = new JsonArray();
                    for (int i = 0; i < p.size(); i++) {
                      JsonArray path = new JsonArray();
                      path.add(w.modelId());
                      path.add("state");
                      p.get(i).getAsJsonArray().forEach(path::add);
                      full.add(path);
                    }
                    buffers.addAll(own);
                    paths.add(w.modelId(), full);
                  }
                  JsonObject reply = new JsonObject();
                  reply.addProperty("method", "update_states");
                  reply.add("states", states);
                  JsonArray flat = new JsonArray();
                  paths.entrySet().forEach(e -> e.getValue().getAsJsonArray().forEach(flat::add));
                  reply.add("buffer_paths", flat);
                  comm.send(reply, buffers);
                }));
  }
}
