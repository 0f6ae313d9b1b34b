package crema.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import crema.data.Batch;
import crema.tensor.Tensor;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against metrics.json, written by make_reference.py with PyTorch. */
class MetricsTest {
  static JsonObject ref;
  static Tensor logits;
  static int[] labels;
  static int k;

  @BeforeAll
  static void load() throws Exception {
    try (var r =
        new InputStreamReader(
            MetricsTest.class.getResourceAsStream("/crema/train/metrics.json"),
            StandardCharsets.UTF_8)) {
      ref = JsonParser.parseReader(r).getAsJsonObject();
    }
    k = ref.get("num_classes").getAsInt();
    labels = ints("labels");
    logits = Tensor.of(floats("logits"), labels.length, k);
  }

  static float[] floats(String key) {
    var a = ref.getAsJsonArray(key);
    float[] f = new float[a.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = a.get(i).getAsFloat();
    }
    return f;
  }

  static int[] ints(String key) {
    var a = ref.getAsJsonArray(key);
    int[] f = new int[a.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = a.get(i).getAsInt();
    }
    return f;
  }

  /** Feeds the reference data in uneven batches, as a loader would. */
  static double feed(Metric m) {
    m.reset();
    int[] cuts = {0, 7, 32, labels.length};
    for (int c = 0; c + 1 < cuts.length; c++) {
      int from = cuts[c];
      int to = cuts[c + 1];
      Tensor out = logits.slice(0, from, to);
      m.update(out, new Batch(out, Arrays.copyOfRange(labels, from, to)));
    }
    return m.value();
  }

  @Test
  void accuracyAndTopK() {
    assertEquals(ref.get("accuracy").getAsDouble(), feed(new Accuracy()), 1e-7);
    assertEquals(ref.get("top2_accuracy").getAsDouble(), feed(new TopKAccuracy(2)), 1e-7);
    assertEquals(1.0, feed(new TopKAccuracy(k)), 0);
  }

  @Test
  void confusionMatrixPrecisionRecallF1() {
    F1Score f1 = new F1Score(k);
    assertEquals(ref.get("macro_f1").getAsDouble(), feed(f1), 1e-9);
    ConfusionMatrix cm = f1.confusionMatrix();
    var rows = ref.getAsJsonArray("confusion");
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        assertEquals(rows.get(i).getAsJsonArray().get(j).getAsLong(), cm.count(i, j));
      }
    }
    float[] p = floats("precision");
    float[] r = floats("recall");
    float[] f = floats("f1");
    for (int c = 0; c < k; c++) {
      assertEquals(p[c], cm.precision(c), 1e-6);
      assertEquals(r[c], cm.recall(c), 1e-6);
      assertEquals(f[c], cm.f1(c), 1e-6);
    }
    assertEquals(ref.get("accuracy").getAsDouble(), cm.accuracy(), 1e-7);
    assertTrue(cm.report().contains("macro F1"));
    assertTrue(cm.toMimeBundle().get("text/html").contains("<table>"));
  }

  @Test
  void regressionErrors() {
    Tensor yhat = Tensor.of(floats("yhat"), labels.length, 2);
    Tensor y = Tensor.of(floats("y"), labels.length, 2);
    Batch b = new Batch(yhat, y);
    Metric mae = new MeanAbsoluteError();
    mae.reset();
    mae.update(yhat, b);
    Metric mse = new MeanSquaredError();
    mse.reset();
    mse.update(yhat, b);
    // The batch holds y as targets; the metric compares the output (yhat) with them.
    assertEquals(ref.get("mae").getAsDouble(), mae.value(), 1e-5);
    assertEquals(ref.get("mse").getAsDouble(), mse.value(), 1e-5);
    assertTrue(!mae.higherIsBetter() && !mse.higherIsBetter());
  }

  @Test
  void predictionsGiveSoftmaxAndTheConfusionMatrix() {
    Predictions p =
        Predictions.of(
            List.of(logits.slice(0, 0, 20), logits.slice(0, 20, labels.length)),
            List.of(
                Arrays.copyOfRange(labels, 0, 20), Arrays.copyOfRange(labels, 20, labels.length)),
            List.of());
    assertArrayEquals(floats("softmax"), p.probabilities().data(), 1e-6f);
    assertEquals(ref.get("accuracy").getAsDouble(), p.accuracy(), 1e-7);
    assertArrayEquals(labels, p.labels());
  }

  @Test
  void shapeErrorsNameTheMetric() {
    Tensor flat = Tensor.zeros(4);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Accuracy().update(flat, new Batch(flat, new int[4])));
    assertTrue(
        e.getMessage().contains("Accuracy") && e.getMessage().contains("[4]"), e.getMessage());
  }
}
