package crema.rl;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The reference data written by make_reference.py from Gymnasium. */
final class GymReference {
  private static JsonObject cached;

  private GymReference() {}

  static synchronized JsonObject get() {
    if (cached == null) {
      String name = "/crema/rl/gymnasium_reference.json";
      try (InputStream in = GymReference.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IOException("missing test resource " + name);
        }
        cached =
            JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                .getAsJsonObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return cached;
  }
}
