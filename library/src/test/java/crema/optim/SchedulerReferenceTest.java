package crema.optim;

import static crema.optim.OptimReference.opt;
import static crema.tensor.ReferenceJson.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every scheduler's learning-rate sequence against PyTorch 1.13, for an SGD with two groups (lr 0.1
 * and 0.5): the rates after construction and after each epoch's {@code step()}. The arithmetic is
 * the same double-precision recursion as PyTorch's, so the tolerance is 1e-12 relative.
 */
class SchedulerReferenceTest {

  @TestFactory
  Stream<DynamicTest> learningRatesMatchPyTorch() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonElement e : OptimReference.load().getAsJsonArray("schedulers")) {
      JsonObject c = e.getAsJsonObject();
      String name = c.get("scheduler").getAsString();
      JsonObject o = c.getAsJsonObject("options");
      tests.add(DynamicTest.dynamicTest(name + " " + o, () -> run(name, o, c)));
    }
    return tests.stream();
  }

  private static void run(String name, JsonObject o, JsonObject c) {
    SGD sgd =
        new SGD(
            List.of(
                ParamGroup.of(List.of(Tensor.zeros(1))),
                ParamGroup.of(List.of(Tensor.zeros(1))).lr(0.5)),
            0.1);
    JsonArray lrs = c.getAsJsonArray("lrs");
    LRScheduler epochBased = null;
    ReduceLROnPlateau plateau = null;
    switch (name) {
      case "StepLR" ->
          epochBased = new StepLR(sgd, (int) opt(o, "step_size", 0), opt(o, "gamma", 0));
      case "ExponentialLR" -> epochBased = new ExponentialLR(sgd, opt(o, "gamma", 0));
      case "CosineAnnealingLR" ->
          epochBased = new CosineAnnealingLR(sgd, (int) opt(o, "T_max", 0), opt(o, "eta_min", 0));
      case "MultiStepLR" ->
          epochBased =
              new MultiStepLR(sgd, ints(o.getAsJsonArray("milestones")), opt(o, "gamma", 0));
      case "LambdaLR" ->
          epochBased =
              new LambdaLR(sgd, e -> Math.min((e + 1) / 4.0, Math.pow(4.0 / (e + 1), 0.5)));
      case "LinearLR" ->
          epochBased =
              new LinearLR(
                  sgd,
                  opt(o, "start_factor", 0),
                  opt(o, "end_factor", 0),
                  (int) opt(o, "total_iters", 0));
      case "ReduceLROnPlateau" ->
          plateau =
              new ReduceLROnPlateau(
                  sgd,
                  o.get("mode").getAsString().equals("min")
                      ? ReduceLROnPlateau.Mode.MIN
                      : ReduceLROnPlateau.Mode.MAX,
                  opt(o, "factor", 0),
                  (int) opt(o, "patience", 0),
                  opt(o, "threshold", 0),
                  o.get("threshold_mode").getAsString().equals("rel")
                      ? ReduceLROnPlateau.ThresholdMode.REL
                      : ReduceLROnPlateau.ThresholdMode.ABS,
                  (int) opt(o, "cooldown", 0),
                  opt(o, "min_lr", 0),
                  1e-8);
      default -> throw new IllegalArgumentException(name);
    }
    for (int epoch = 0; epoch < lrs.size(); epoch++) {
      if (epoch > 0) {
        sgd.step();
        if (plateau != null) {
          plateau.step(c.getAsJsonArray("metrics").get(epoch - 1).getAsDouble());
        } else {
          epochBased.step();
        }
      }
      JsonArray expected = lrs.get(epoch).getAsJsonArray();
      double[] last = plateau != null ? plateau.lastLr() : epochBased.lastLr();
      for (int g = 0; g < 2; g++) {
        double want = expected.get(g).getAsDouble();
        double got = sgd.paramGroups().get(g).lr();
        assertEquals(want, got, 1e-12 * Math.abs(want) + 1e-15, "epoch " + epoch + " group " + g);
        assertEquals(got, last[g], 0.0, "lastLr() epoch " + epoch);
      }
    }
  }
}
