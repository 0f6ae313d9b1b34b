package crema.optim;

import static crema.tensor.ReferenceJson.floats;
import static crema.tensor.ReferenceJson.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import crema.nn.CrossEntropyLoss;
import crema.nn.Linear;
import crema.nn.Loss;
import crema.nn.ReLU;
import crema.nn.Sequential;
import crema.tensor.ReferenceJson;
import crema.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Layers, losses and optimizers together: an MLP 4-8-3 trained for 5 steps from PyTorch's initial
 * weights must follow PyTorch's losses and end at its weights ({@code make_training_reference.py}).
 *
 * <p>Tolerance 1e-5 relative, absolute floor 1e-6, as for the single-op references: the float32
 * rounding differences of five steps through two GEMMs stay well below it.
 */
class TrainingIntegrationTest {

  private static JsonObject load() {
    return ReferenceJson.load("/crema/optim/training.json");
  }

  private static Tensor tensor(JsonObject t) {
    return Tensor.of(floats(t.getAsJsonArray("data")), ints(t.getAsJsonArray("shape")));
  }

  private static Map<String, Tensor> state(JsonObject o) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (var e : o.entrySet()) {
      m.put(e.getKey(), tensor(e.getValue().getAsJsonObject()));
    }
    return m;
  }

  private static void check(String run, Function<Sequential, Optimizer> makeOpt, Loss lossFn) {
    JsonObject ref = load();
    Sequential model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
    model.loadStateDict(state(ref.getAsJsonObject("init")));
    Tensor x = tensor(ref.getAsJsonObject("x"));
    int[] y = ints(ref.getAsJsonArray("y"));
    JsonObject expected = ref.getAsJsonObject("runs").getAsJsonObject(run);
    Optimizer opt = makeOpt.apply(model);
    for (int step = 0; step < 5; step++) {
      opt.zeroGrad();
      Tensor loss = ((CrossEntropyLoss) lossFn).forward(model.forward(x), y);
      loss.backward();
      opt.step();
      double want = expected.getAsJsonArray("losses").get(step).getAsDouble();
      assertEquals(want, loss.item(), 1e-5 * want, run + " loss at step " + step);
    }
    Map<String, Tensor> finalState = state(expected.getAsJsonObject("final"));
    Map<String, Tensor> ours = model.stateDict();
    for (var e : finalState.entrySet()) {
      float[] want = e.getValue().toFloatArray();
      float[] got = ours.get(e.getKey()).toFloatArray();
      for (int i = 0; i < want.length; i++) {
        if (Math.abs(got[i] - want[i]) > 1e-5 * Math.abs(want[i]) + 1e-6) {
          fail(run + " " + e.getKey() + "[" + i + "]: expected " + want[i] + ", got " + got[i]);
        }
      }
    }
  }

  @Test
  void adamWithCrossEntropyFollowsPyTorch() {
    check("adam_ce", m -> new Adam(m.parameters(), 0.01), new CrossEntropyLoss());
  }

  @Test
  void nesterovSgdWithLabelSmoothingFollowsPyTorch() {
    check(
        "sgd_momentum_ce_smooth",
        m -> new SGD(m.parameters(), 0.1, 0.9).nesterov(true).weightDecay(1e-3),
        new CrossEntropyLoss().withLabelSmoothing(0.1));
  }

  @Test
  void perGroupLearningRatesFollowPyTorch() {
    check(
        "adamw_groups",
        m ->
            new AdamW(
                List.of(
                    ParamGroup.of(m.get("0").parameters()).lr(1e-3),
                    ParamGroup.of(m.get("2").parameters())),
                0.05),
        new CrossEntropyLoss());
  }

  @Test
  void frozenLayersStayPut() {
    Sequential model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
    model.get("0").freeze();
    float[] before = model.get("0").parameters().get(0).toFloatArray();
    Adam opt = new Adam(model.parameters(), 0.1);
    Tensor x = Tensor.randn(5, 4);
    opt.zeroGrad();
    new CrossEntropyLoss().forward(model.forward(x), new int[] {0, 1, 2, 0, 1}).backward();
    opt.step();
    assertTrue(
        java.util.Arrays.equals(before, model.get("0").parameters().get(0).toFloatArray()),
        "a frozen layer changed");
  }
}
