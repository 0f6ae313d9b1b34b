package crema.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import crema.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Tensor-level API: write a map of tensors, read it back in order. */
class SafetensorsTensorTest {
  @TempDir Path dir;

  @Test
  void roundTripKeepsNamesShapesValuesAndOrder() {
    var m = new LinkedHashMap<String, Tensor>();
    m.put("z.weight", Tensor.of(new float[] {1, -2, 3.5f, Float.MIN_VALUE, -0f, 1e30f}, 2, 3));
    m.put("a.num_batches_tracked", Tensor.scalar(12));
    m.put("empty", Tensor.zeros(0, 3));
    Path f = dir.resolve("sub/dir/m.safetensors");
    Safetensors.write(f, m, Map.of("framework", "crema"));
    var back = Safetensors.read(f);
    assertEquals(List.copyOf(m.keySet()), List.copyOf(back.keySet()));
    for (var e : m.entrySet()) {
      assertArrayEquals(e.getValue().shape(), back.get(e.getKey()).shape(), e.getKey());
      assertArrayEquals(
          e.getValue().toFloatArray(), back.get(e.getKey()).toFloatArray(), e.getKey());
    }
    assertEquals(Map.of("framework", "crema"), Safetensors.readMetadata(f));
  }
}
