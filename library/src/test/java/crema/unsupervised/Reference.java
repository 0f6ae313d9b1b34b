package crema.unsupervised;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import crema.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The PyTorch reference values written by {@code make_reference.py}. */
final class Reference {
  private static JsonObject root;

  private Reference() {}

  static synchronized JsonObject get(String part) {
    if (root == null) {
      String resource = "/crema/unsupervised/reference.json";
      try (InputStream in = Reference.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("missing test resource " + resource);
        }
        root =
            JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                .getAsJsonObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root.getAsJsonObject(part);
  }

  static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        expected.shape(), actual.shape(), what + ": shape");
    float[] e = expected.toFloatArray();
    float[] a = actual.toFloatArray();
    for (int i = 0; i < e.length; i++) {
      org.junit.jupiter.api.Assertions.assertEquals(
          e[i], a[i], tol * (1 + Math.abs(e[i])), what + "[" + i + "]");
    }
  }
}
