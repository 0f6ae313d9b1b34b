package crema.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import crema.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Test helpers: JSON reference files written by the PyTorch scripts, and tensor comparisons. */
final class Fixtures {
  private Fixtures() {}

  static JsonObject json(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      if (in == null) throw new IOException("missing test resource " + resource);
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A resource copied to a temporary file, for APIs that take a Path. */
  static Path file(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      if (in == null) throw new IOException("missing test resource " + resource);
      Path tmp = Files.createTempFile("crema-nn-test", "-" + resource);
      Files.write(tmp, in.readAllBytes());
      tmp.toFile().deleteOnExit();
      return tmp;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Same shape, and every value within {@code atol + rtol·|expected|}. */
  static void assertClose(Tensor expected, Tensor actual, double atol, double rtol, String what) {
    assertTrue(actual != null, what + ": no tensor (null)");
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    float[] e = expected.data(), a = actual.data();
    for (int i = 0; i < e.length; i++) {
      double tol = atol + rtol * Math.abs(e[i]);
      if (!(Math.abs(e[i] - a[i]) <= tol)) {
        throw new AssertionError(
            what
                + ": element "
                + i
                + " of "
                + Arrays.toString(expected.shape())
                + ": expected "
                + e[i]
                + ", got "
                + a[i]);
      }
    }
  }

  static void assertClose(float[] expected, Tensor actual, double tol, String what) {
    assertClose(Tensor.of(expected, actual.shape()), actual, tol, 0, what);
  }
}
