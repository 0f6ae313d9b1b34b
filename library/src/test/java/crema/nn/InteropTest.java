package crema.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import crema.io.Safetensors;
import crema.tensor.NoGrad;
import crema.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyTorch state_dicts saved as safetensors (by make_lenet.py) load into the same Crema architecture
 * and give PyTorch's logits on the same inputs.
 */
class InteropTest {
  private static final JsonObject REF = Fixtures.json("interop.json");
  @TempDir Path dir;

  /** The script's inputs: x[i] = sin(0.1·i) over the flat index. */
  static Tensor formulaInput(int... shape) {
    int n = 1;
    for (int d : shape) n *= d;
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) Math.sin(0.1f * i);
    return Tensor.of(v, shape);
  }

  private static void assertLogits(String key, Module model) {
    JsonObject ref = REF.getAsJsonObject(key);
    int[] in =
        ref.getAsJsonArray("input_shape").asList().stream().mapToInt(j -> j.getAsInt()).toArray();
    var list = ref.getAsJsonArray("logits").asList();
    float[] expected = new float[list.size()];
    for (int i = 0; i < expected.length; i++) expected[i] = list.get(i).getAsFloat();
    model.eval();
    try (NoGrad g = Tensor.noGrad()) {
      Tensor logits = model.forward(formulaInput(in));
      Fixtures.assertClose(expected, logits, 1e-4, key + " logits");
    }
  }

  @Test
  void lenet5FromPyTorchGivesTheSameLogits() {
    var lenet = SeedExamplesTest.lenet5();
    lenet.loadStateDict(Safetensors.read(Fixtures.file("lenet5.safetensors")));
    assertEquals(
        REF.getAsJsonObject("lenet5").get("num_parameters").getAsLong(), lenet.numParameters());
    assertLogits("lenet5", lenet);
  }

  static Sequential smallBnCnn() {
    return new Sequential(
        new Conv2d(1, 4, 3, 1, 1),
        new BatchNorm2d(4),
        new ReLU(),
        new MaxPool2d(2),
        new Conv2d(4, 8, 3, 2, 1, 1, 1, false),
        new BatchNorm2d(8),
        new ReLU(),
        new AdaptiveAvgPool2d(1),
        new Flatten(),
        new Dropout(0.5),
        new Linear(8, 3));
  }

  @Test
  void batchNormNetworkWithInt64BuffersLoads() {
    var net = smallBnCnn();
    List<String> keys =
        REF.getAsJsonObject("small_bn_cnn").getAsJsonArray("keys").asList().stream()
            .map(j -> j.getAsString())
            .toList();
    assertEquals(keys, List.copyOf(net.stateDict().keySet()), "state_dict keys in PyTorch's order");
    net.loadStateDict(Safetensors.read(Fixtures.file("small_bn_cnn.safetensors")));
    assertEquals(3f, ((BatchNorm) net.get(1)).numBatchesTracked.item());
    assertLogits("small_bn_cnn", net);
  }

  @Test
  void roundTripThroughSafetensors() {
    var a = SeedExamplesTest.lenet5();
    a.loadStateDict(Safetensors.read(Fixtures.file("lenet5.safetensors")));
    Path f = dir.resolve("copy.safetensors");
    Safetensors.write(f, a.stateDict());
    var b = SeedExamplesTest.lenet5();
    b.loadStateDict(Safetensors.read(f));
    assertLogits("lenet5", b);
  }
}
