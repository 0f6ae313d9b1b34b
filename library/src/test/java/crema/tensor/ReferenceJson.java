package crema.tensor;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Readers for the JSON reference files that the PyTorch scripts under {@code src/test/resources}
 * write, shared by every reference-test suite. A tensor is stored as {@code {"shape": [...],
 * "data": [...]}}.
 */
public final class ReferenceJson {
  private ReferenceJson() {}

  /** The JSON object in a test resource, e.g. {@code /crema/optim/optim.json}. */
  public static JsonObject load(String resource) {
    try (InputStream in = ReferenceJson.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code {"shape": [...], "data": [...]}} to a tensor. */
  public static Tensor tensor(JsonElement e) {
    JsonObject o = e.getAsJsonObject();
    return Tensor.of(floats(o.getAsJsonArray("data")), ints(o.getAsJsonArray("shape")));
  }

  /** Every entry of {@code o} as a tensor, in the file's order. */
  public static Map<String, Tensor> tensors(JsonObject o) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (var e : o.entrySet()) {
      out.put(e.getKey(), tensor(e.getValue()));
    }
    return out;
  }

  public static float[] floats(JsonArray a) {
    float[] f = new float[a.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) a.get(i).getAsDouble();
    }
    return f;
  }

  public static double[] doubles(JsonArray a) {
    double[] d = new double[a.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = a.get(i).getAsDouble();
    }
    return d;
  }

  public static int[] ints(JsonArray a) {
    int[] v = new int[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).getAsInt();
    }
    return v;
  }

  /** The number under {@code key} (a boolean counts as 1 or 0), or {@code dflt} when absent. */
  public static double number(JsonObject o, String key, double dflt) {
    if (!o.has(key)) {
      return dflt;
    }
    JsonPrimitive v = o.getAsJsonPrimitive(key);
    return v.isBoolean() ? (v.getAsBoolean() ? 1 : 0) : v.getAsDouble();
  }
}
