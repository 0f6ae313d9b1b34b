package crema.models;

import static crema.tensor.ReferenceJson.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import crema.io.Safetensors;
import crema.tensor.Tensor;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A forecaster trained in PyTorch ({@code /crema/models/make_lstm_interop.py}), saved as
 * safetensors, loads into the same Crema architecture by PyTorch's key names and predicts the same
 * values.
 */
class LstmInteropTest {
  @Test
  void pytorchTrainedLstmLoadsAndGivesTheSameOutputs() throws Exception {
    Path file = Files.createTempFile("sine_lstm", ".safetensors");
    try (InputStream in = getClass().getResourceAsStream("/crema/models/sine_lstm.safetensors")) {
      Files.write(file, in.readAllBytes());
    }
    JsonObject ref;
    try (InputStream in = getClass().getResourceAsStream("/crema/models/sine_lstm.json")) {
      ref =
          JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
              .getAsJsonObject();
    }
    var model = new LearningTest.Forecaster();
    model.loadStateDict(Safetensors.read(file)); // strict: every key and shape must match
    Files.delete(file);
    Tensor x = tensor(ref.getAsJsonObject("input"));
    float[] expected = tensor(ref.getAsJsonObject("output")).toFloatArray();
    float[] actual = model.forward(x).toFloatArray();
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5, "prediction " + i);
    }
  }
}
