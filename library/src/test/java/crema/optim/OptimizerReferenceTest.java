package crema.optim;

import static crema.optim.OptimReference.opt;
import static crema.tensor.ReferenceJson.floats;
import static crema.tensor.ReferenceJson.ints;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import crema.nn.BCEWithLogitsLoss;
import crema.nn.MSELoss;
import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Five steps of every optimizer (and option set) against PyTorch 1.13 on a fixed problem: {@code
 * loss = mse(w, cw) + bce_with_logits(b, tb)}, w [2, 3], b [4]. The parameters after every step
 * must agree within 1e-5 relative (absolute floor 1e-6: float32 rounding of values near 0).
 */
class OptimizerReferenceTest {

  private static Optimizer make(String name, JsonObject o, Tensor w, Tensor b) {
    double lr = opt(o, "lr", Double.NaN);
    List<ParamGroup> groups;
    if (o.has("groups")) {
      groups = new ArrayList<>();
      Tensor[] ps = {w, b};
      for (int i = 0; i < 2; i++) {
        ParamGroup g = ParamGroup.of(List.of(ps[i]));
        for (var e : o.getAsJsonArray("groups").get(i).getAsJsonObject().entrySet()) {
          g.set(e.getKey(), e.getValue().getAsDouble());
        }
        groups.add(g);
      }
    } else {
      groups = List.of(ParamGroup.of(List.of(w, b)));
    }
    return switch (name) {
      case "SGD" ->
          new SGD(
              groups,
              lr,
              opt(o, "momentum", 0),
              opt(o, "dampening", 0),
              opt(o, "weight_decay", 0),
              opt(o, "nesterov", 0) != 0);
      case "Adam" ->
          new Adam(
                  groups,
                  lr,
                  opt(o, "beta1", 0.9),
                  opt(o, "beta2", 0.999),
                  opt(o, "eps", 1e-8),
                  opt(o, "weight_decay", 0))
              .amsgrad(opt(o, "amsgrad", 0) != 0);
      case "AdamW" ->
          new AdamW(
              groups,
              lr,
              opt(o, "beta1", 0.9),
              opt(o, "beta2", 0.999),
              opt(o, "eps", 1e-8),
              opt(o, "weight_decay", 0.01));
      case "RMSprop" ->
          new RMSprop(
              groups,
              lr,
              opt(o, "alpha", 0.99),
              opt(o, "eps", 1e-8),
              opt(o, "weight_decay", 0),
              opt(o, "momentum", 0),
              opt(o, "centered", 0) != 0);
      case "Adagrad" ->
          new Adagrad(
              groups,
              lr,
              opt(o, "lr_decay", 0),
              opt(o, "weight_decay", 0),
              opt(o, "initial_accumulator_value", 0),
              opt(o, "eps", 1e-10));
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      if (Math.abs(actual[i] - expected[i]) > 1e-5 * Math.abs(expected[i]) + 1e-6) {
        fail(what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> fiveStepsMatchPyTorch() {
    JsonObject ref = OptimReference.load();
    JsonObject problem = ref.getAsJsonObject("problem");
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonElement e : ref.getAsJsonArray("optimizers")) {
      JsonObject c = e.getAsJsonObject();
      String name = c.get("optimizer").getAsString();
      JsonObject o = c.getAsJsonObject("options");
      tests.add(
          DynamicTest.dynamicTest(
              name + " " + o,
              () -> {
                Tensor w =
                    Tensor.of(
                            floats(problem.getAsJsonArray("w0")),
                            ints(problem.getAsJsonArray("w_shape")))
                        .requiresGrad(true);
                Tensor b =
                    Tensor.of(
                            floats(problem.getAsJsonArray("b0")),
                            ints(problem.getAsJsonArray("b_shape")))
                        .requiresGrad(true);
                Tensor cw = Tensor.of(floats(problem.getAsJsonArray("cw")), w.shape());
                Tensor tb = Tensor.of(floats(problem.getAsJsonArray("tb")), b.shape());
                Optimizer optimizer = make(name, o, w, b);
                int step = 0;
                for (JsonElement s : c.getAsJsonArray("steps")) {
                  optimizer.zeroGrad();
                  new MSELoss().forward(w, cw).backward();
                  new BCEWithLogitsLoss().forward(b, tb).backward();
                  optimizer.step();
                  step++;
                  JsonObject expected = s.getAsJsonObject();
                  assertClose(
                      floats(expected.getAsJsonArray("w")),
                      w.toFloatArray(),
                      "step " + step + " w");
                  assertClose(
                      floats(expected.getAsJsonArray("b")),
                      b.toFloatArray(),
                      "step " + step + " b");
                }
              }));
    }
    return tests.stream();
  }
}
