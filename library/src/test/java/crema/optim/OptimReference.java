package crema.optim;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/** Reads {@code optim.json}, made by {@code src/test/resources/crema/optim/make_reference.py}. */
final class OptimReference {
  private OptimReference() {}

  static JsonObject load() {
    try (InputStream in = OptimReference.class.getResourceAsStream("/crema/optim/optim.json")) {
      if (in == null) {
        throw new IllegalStateException("optim.json not on the test classpath");
      }
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        return JsonParser.parseReader(r).getAsJsonObject();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static float[] floats(JsonArray a) {
    float[] f = new float[a.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = a.get(i).getAsFloat();
    }
    return f;
  }

  static int[] ints(JsonArray a) {
    int[] v = new int[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).getAsInt();
    }
    return v;
  }

  static double opt(JsonObject o, String key, double dflt) {
    if (!o.has(key)) {
      return dflt;
    }
    var v = o.getAsJsonPrimitive(key);
    return v.isBoolean() ? (v.getAsBoolean() ? 1 : 0) : v.getAsDouble();
  }
}
