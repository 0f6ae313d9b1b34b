package crema.nn;

import static crema.tensor.ReferenceJson.floats;
import static crema.tensor.ReferenceJson.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import crema.tensor.ReferenceJson;
import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every loss, each reduction and option, against PyTorch 1.13: forward values and the gradient with
 * respect to the input. The values come from {@code
 * src/test/resources/crema/losses/make_reference.py}.
 *
 * <p>Tolerance: 1e-5 relative, with an absolute floor of 1e-6 for values that are zero in exact
 * arithmetic (e.g. gradients of well-classified samples, 1e-9 in float32 rounding).
 */
class LossReferenceTest {
  static final double RTOL = 1e-5;
  static final double ATOL = 1e-6;

  static JsonObject load() {
    return ReferenceJson.load("/crema/losses/losses.json");
  }

  static List<JsonObject> cases() {
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement e : load().getAsJsonArray("cases")) {
      out.add(e.getAsJsonObject());
    }
    return out;
  }

  static Tensor tensor(JsonObject t) {
    return Tensor.of(floats(t.getAsJsonArray("data")), ints(t.getAsJsonArray("shape")));
  }

  static Tensor optionalTensor(JsonObject c, String key) {
    return c.has(key) ? tensor(c.getAsJsonObject(key)) : null;
  }

  static double option(JsonObject c, String key, double dflt) {
    return ReferenceJson.number(c.getAsJsonObject("options"), key, dflt);
  }

  /** The Crema loss that a reference case describes. */
  static Loss make(JsonObject c) {
    Reduction red = Reduction.valueOf(c.get("reduction").getAsString().toUpperCase(Locale.ROOT));
    Tensor weight = optionalTensor(c, "weight");
    return switch (c.get("loss").getAsString()) {
      case "MSELoss" -> new MSELoss(red);
      case "L1Loss" -> new L1Loss(red);
      case "MSLELoss" -> new MSLELoss(red);
      case "HuberLoss" -> new HuberLoss(option(c, "delta", 1), red);
      case "SmoothL1Loss" -> new SmoothL1Loss(option(c, "beta", 1), red);
      case "BCELoss" -> new BCELoss(red, weight);
      case "BCEWithLogitsLoss" ->
          new BCEWithLogitsLoss(red, weight, optionalTensor(c, "pos_weight"));
      case "CrossEntropyLoss" ->
          new CrossEntropyLoss(
              red, weight, (int) option(c, "ignore_index", -100), option(c, "label_smoothing", 0));
      case "NLLLoss" -> new NLLLoss(red, weight, (int) option(c, "ignore_index", -100));
      case "MultiMarginLoss" ->
          new MultiMarginLoss((int) option(c, "p", 1), option(c, "margin", 1), weight, red);
      case "HingeEmbeddingLoss" -> new HingeEmbeddingLoss(option(c, "margin", 1), red);
      case "KLDivLoss" -> new KLDivLoss(red, option(c, "log_target", 0) != 0);
      default -> throw new IllegalArgumentException("unknown loss " + c.get("loss"));
    };
  }

  /** Runs the case's forward; class-index targets go through the {@code int[]} overload. */
  static Tensor forward(Loss loss, JsonObject c, Tensor input) {
    if (c.has("target_indices")) {
      int[] idx = ints(c.getAsJsonObject("target_indices").getAsJsonArray("data"));
      return ((ClassificationLoss) loss).forward(input, idx);
    }
    return loss.forward(input, tensor(c.getAsJsonObject("target")));
  }

  static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      if (Double.isNaN(e)) {
        assertTrue(Double.isNaN(a), what + "[" + i + "]: expected NaN, got " + a);
        continue;
      }
      if (Math.abs(a - e) > RTOL * Math.abs(e) + ATOL) {
        fail(what + "[" + i + "]: expected " + e + ", got " + a + " (diff " + (a - e) + ")");
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> forwardAndBackwardMatchPyTorch() {
    return cases().stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.get("name").getAsString(),
                    () -> {
                      Loss loss = make(c);
                      Tensor x = tensor(c.getAsJsonObject("input")).requiresGrad(true);
                      Tensor out = forward(loss, c, x);
                      JsonObject expected = c.getAsJsonObject("output");
                      assertArrayEquals(
                          ints(expected.getAsJsonArray("shape")), out.shape(), "shape");
                      assertClose(
                          floats(expected.getAsJsonArray("data")), out.toFloatArray(), "output");
                      if (c.has("upstream")) {
                        out.backward(tensor(c.getAsJsonObject("upstream")));
                      } else {
                        out.backward();
                      }
                      assertClose(
                          floats(c.getAsJsonObject("grad").getAsJsonArray("data")),
                          x.grad().toFloatArray(),
                          "grad");
                    }));
  }

  @TestFactory
  Stream<DynamicTest> indexTensorTargetsEqualIntArrayTargets() {
    return cases().stream()
        .filter(c -> c.has("target_indices"))
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.get("name").getAsString(),
                    () -> {
                      Loss loss = make(c);
                      Tensor x = tensor(c.getAsJsonObject("input"));
                      JsonObject ti = c.getAsJsonObject("target_indices");
                      int[] idx = ints(ti.getAsJsonArray("data"));
                      float[] asFloat = new float[idx.length];
                      for (int i = 0; i < idx.length; i++) {
                        asFloat[i] = idx[i];
                      }
                      Tensor t = Tensor.of(asFloat, ints(ti.getAsJsonArray("shape")));
                      assertArrayEquals(
                          ((ClassificationLoss) loss).forward(x, idx).toFloatArray(),
                          loss.forward(x, t).toFloatArray());
                    }));
  }
}
