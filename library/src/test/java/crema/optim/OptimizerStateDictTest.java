package crema.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.nn.BCEWithLogitsLoss;
import crema.nn.MSELoss;
import crema.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code stateDict()} / {@code loadStateDict()}: stopping after 3 steps, restoring parameters and
 * optimizer state into fresh objects and doing 3 more steps gives exactly the parameters of 6
 * uninterrupted steps, for every optimizer.
 */
class OptimizerStateDictTest {
  private static final float[] W0 = {0.5f, -1.5f, 2.0f, 0.25f, -0.7f, 1.1f};
  private static final float[] CW = {1, 0, -1, 0.5f, 0.2f, -0.3f};
  private static final float[] B0 = {-0.3f, 0.8f, 2.5f};
  private static final float[] TB = {0, 1, 0};

  private static void step(Optimizer opt, Tensor w, Tensor b) {
    opt.zeroGrad();
    new MSELoss().forward(w, Tensor.of(CW, 2, 3)).backward();
    new BCEWithLogitsLoss().forward(b, Tensor.of(TB, 3)).backward();
    opt.step();
  }

  private static final Map<String, Function<List<Tensor>, Optimizer>> MAKERS =
      Map.of(
          "SGD", p -> new SGD(p, 0.1, 0.9).nesterov(true),
          "Adam", p -> new Adam(p, 0.05).amsgrad(true),
          "AdamW", p -> new AdamW(p, 0.05),
          "RMSprop", p -> new RMSprop(p, 0.01).centered(true).momentum(0.5),
          "Adagrad", p -> new Adagrad(p, 0.1).lrDecay(0.01));

  @TestFactory
  Stream<DynamicTest> resumingGivesTheUninterruptedTrajectory() {
    return MAKERS.entrySet().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.getKey(),
                    () -> {
                      Tensor w = Tensor.of(W0, 2, 3).requiresGrad(true);
                      Tensor b = Tensor.of(B0, 3).requiresGrad(true);
                      Optimizer straight = e.getValue().apply(List.of(w, b));
                      for (int i = 0; i < 6; i++) {
                        step(straight, w, b);
                      }

                      Tensor w1 = Tensor.of(W0, 2, 3).requiresGrad(true);
                      Tensor b1 = Tensor.of(B0, 3).requiresGrad(true);
                      Optimizer first = e.getValue().apply(List.of(w1, b1));
                      for (int i = 0; i < 3; i++) {
                        step(first, w1, b1);
                      }
                      first.setLr(first.lr() * 1.0); // options travel with the state dict
                      Map<String, Tensor> saved = first.stateDict();

                      Tensor w2 = Tensor.of(w1.toFloatArray(), 2, 3).requiresGrad(true);
                      Tensor b2 = Tensor.of(b1.toFloatArray(), 3).requiresGrad(true);
                      Optimizer resumed = e.getValue().apply(List.of(w2, b2));
                      resumed.loadStateDict(saved);
                      for (int i = 0; i < 3; i++) {
                        step(resumed, w2, b2);
                      }
                      assertArrayEquals(w.toFloatArray(), w2.toFloatArray());
                      assertArrayEquals(b.toFloatArray(), b2.toFloatArray());
                    }));
  }

  @Test
  void keysFollowPyTorchsLayoutAndOptionsAreExact() {
    Tensor w = Tensor.of(W0, 2, 3).requiresGrad(true);
    Tensor b = Tensor.of(B0, 3).requiresGrad(true);
    Adam adam = new Adam(List.of(w, b), 0.1);
    step(adam, w, b);
    Map<String, Tensor> sd = adam.stateDict();
    assertTrue(sd.containsKey("state.0.exp_avg"), sd.keySet().toString());
    assertTrue(sd.containsKey("state.1.exp_avg_sq"));
    assertArrayEquals(new int[] {2, 3}, sd.get("state.0.exp_avg").shape());
    float[] lr = sd.get("param_groups.0.lr").toFloatArray();
    assertEquals(0.1, (double) lr[0] + lr[1] + lr[2], 0.0);
    float[] b2 = sd.get("param_groups.0.beta2").toFloatArray();
    assertEquals(0.999, (double) b2[0] + b2[1] + b2[2], 0.0);
  }

  @Test
  void mismatchesAreNamed() {
    Tensor w = Tensor.of(W0, 2, 3).requiresGrad(true);
    Tensor b = Tensor.of(B0, 3).requiresGrad(true);
    Adam adam = new Adam(List.of(w, b), 0.1);
    step(adam, w, b);
    Map<String, Tensor> sd = new HashMap<>(adam.stateDict());

    Adam other = new Adam(List.of(Tensor.zeros(3, 2).requiresGrad(true), b), 0.1);
    var e1 = assertThrows(IllegalArgumentException.class, () -> other.loadStateDict(sd));
    assertTrue(
        e1.getMessage().contains("[2, 3]") && e1.getMessage().contains("[3, 2]"), e1.getMessage());

    Adam single = new Adam(List.of(w), 0.1);
    var e2 = assertThrows(IllegalArgumentException.class, () -> single.loadStateDict(sd));
    assertTrue(e2.getMessage().contains("unexpected key 'state.1."), e2.getMessage());

    SGD sgd = new SGD(List.of(w, b), 0.1);
    var e3 = assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(sd));
    assertTrue(e3.getMessage().contains("SGD.loadStateDict"), e3.getMessage());
  }
}
