package crema.display.widgets;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The default state of each widget model, exactly as ipywidgets 8 defines it (model and view names,
 * modules, module versions, every state key). Read from {@code defaults.json}, which {@code
 * library/tools/widget_defaults.py} writes from the pinned ipywidgets.
 */
final class WidgetDefaults {
  private static final JsonObject ALL = load();

  private WidgetDefaults() {}

  private static JsonObject load() {
    try (InputStream in = WidgetDefaults.class.getResourceAsStream("defaults.json")) {
      if (in == null) {
        throw new IllegalStateException("crema/display/widgets/defaults.json is not on the path");
      }
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The widget protocol version sent in each comm_open's metadata. */
  static String protocolVersion() {
    return ALL.get("protocol_version").getAsString();
  }

  /** A fresh copy of the default state of widget {@code kind} (e.g. "IntSlider"). */
  static JsonObject widget(String kind) {
    JsonObject w = ALL.getAsJsonObject("widgets").getAsJsonObject(kind);
    if (w == null) {
      throw new IllegalArgumentException("no widget defaults for " + kind);
    }
    return w.deepCopy();
  }

  /** A fresh copy of a style model's default state (e.g. "SliderStyleModel"). */
  static JsonObject style(String modelName) {
    return ALL.getAsJsonObject("styles").getAsJsonObject(modelName).deepCopy();
  }

  /** A fresh copy of the layout model's default state. */
  static JsonObject layout() {
    return ALL.getAsJsonObject("layout").deepCopy();
  }
}
