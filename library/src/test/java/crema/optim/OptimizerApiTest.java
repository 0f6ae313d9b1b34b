package crema.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.nn.MSELoss;
import crema.nn.Reduction;
import crema.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Parameter groups, options, errors, {@code toString}, and what a step allocates. */
class OptimizerApiTest {

  private static void assertMessage(Executable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
    }
  }

  /** Gradient 2 (p − target) via a summed squared error. */
  private static void backward(Tensor p, float... target) {
    new MSELoss(Reduction.SUM).forward(p, Tensor.of(target, p.shape())).backward();
  }

  @Test
  void plainSgdStepIsThetaMinusLrTimesGradient() {
    Tensor p = Tensor.of(new float[] {1, -2}, 2).requiresGrad(true);
    SGD sgd = new SGD(List.of(p), 0.1);
    backward(p, 0, 0); // gradient [2, −4]
    sgd.step();
    assertArrayEquals(new float[] {0.8f, -1.6f}, p.toFloatArray(), 1e-6f);
    backward(p, 0, 0);
    sgd.zeroGrad(false);
    assertArrayEquals(new float[] {0, 0}, p.grad().toFloatArray());
    sgd.zeroGrad();
    assertNull(p.grad());
  }

  @Test
  void parametersWithoutGradientAreLeftAlone() {
    Tensor used = Tensor.of(new float[] {1}, 1).requiresGrad(true);
    Tensor frozen = Tensor.of(new float[] {5}, 1).requiresGrad(true);
    Adam adam = new Adam(List.of(used, frozen), 0.1);
    backward(used, 0);
    adam.step();
    assertEquals(5f, frozen.toFloatArray()[0]);
    assertTrue(used.toFloatArray()[0] < 1f);
  }

  @Test
  void groupsKeepTheirOwnOptionsAndFluentSettersChangeTheRest() {
    Tensor a = Tensor.zeros(2).requiresGrad(true);
    Tensor b = Tensor.zeros(3).requiresGrad(true);
    SGD sgd =
        new SGD(
                List.of(
                    ParamGroup.of(List.of(a)).lr(1e-4).set("momentum", 0.5),
                    ParamGroup.of(List.of(b))),
                1e-2)
            .momentum(0.9);
    ParamGroup g0 = sgd.paramGroups().get(0);
    ParamGroup g1 = sgd.paramGroups().get(1);
    assertEquals(1e-4, g0.lr());
    assertEquals(0.5, g0.get("momentum"));
    assertEquals(1e-2, g1.lr());
    assertEquals(0.9, g1.get("momentum"));
    assertEquals(1e-4, sgd.lr());
    sgd.setLr(0.3);
    assertEquals(0.3, g0.lr());
    assertEquals(0.3, g1.lr());
  }

  @Test
  void fluentSettersGiveTheSameTrajectoryAsTheFullConstructor() {
    Tensor p = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
    Tensor q = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
    SGD fluent = new SGD(List.of(p), 0.05, 0.9).nesterov(true).weightDecay(0.01);
    SGD full = new SGD(List.of(ParamGroup.of(List.of(q))), 0.05, 0.9, 0, 0.01, true);
    for (int i = 0; i < 4; i++) {
      fluent.zeroGrad();
      full.zeroGrad();
      backward(p, 0, 1, 0);
      backward(q, 0, 1, 0);
      fluent.step();
      full.step();
    }
    assertArrayEquals(q.toFloatArray(), p.toFloatArray());
  }

  @Test
  void stateIsVisibleUnderPyTorchsNames() {
    Tensor p = Tensor.of(new float[] {1, -2}, 2).requiresGrad(true);
    Adam adam = new Adam(List.of(p), 0.1);
    assertTrue(adam.state(p).isEmpty());
    backward(p, 0, 0); // gradient g = [2, −4]
    adam.step();
    var st = adam.state(p);
    assertEquals(List.of("step", "exp_avg", "exp_avg_sq"), List.copyOf(st.keySet()));
    assertEquals(1f, st.get("step").item());
    // m = (1 − β₁) g, v = (1 − β₂) g²
    assertArrayEquals(new float[] {0.2f, -0.4f}, st.get("exp_avg").toFloatArray(), 1e-6f);
    assertArrayEquals(new float[] {0.004f, 0.016f}, st.get("exp_avg_sq").toFloatArray(), 1e-7f);
    SGD sgd = new SGD(List.of(p), 0.1, 0.9);
    sgd.step();
    assertArrayEquals(
        new float[] {2, -4}, sgd.state(p).get("momentum_buffer").toFloatArray(), 1e-6f);
    Adagrad adagrad = new Adagrad(List.of(p), 0.1);
    adagrad.step();
    assertArrayEquals(new float[] {4, 16}, adagrad.state(p).get("sum").toFloatArray(), 1e-5f);
    RMSprop rms = new RMSprop(List.of(p), 0.1).centered(true);
    rms.step();
    assertEquals(List.of("square_avg", "grad_avg"), List.copyOf(rms.state(p).keySet()));
  }

  @Test
  void badOptionsGiveClearErrors() {
    Tensor p = Tensor.zeros(2).requiresGrad(true);
    assertMessage(() -> new SGD(List.of(p), -1), "SGD", "invalid lr -1.0");
    assertMessage(() -> new SGD(List.<Tensor>of(), 0.1), "SGD", "empty parameter list");
    assertMessage(
        () -> new SGD(List.of(ParamGroup.of(List.of(p)).set("momentun", 0.9)), 0.1),
        "unknown option 'momentun'",
        "momentum");
    assertMessage(
        () -> new SGD(List.of(ParamGroup.of(List.of(p)), ParamGroup.of(List.of(p))), 0.1),
        "more than one parameter group");
    assertMessage(() -> new SGD(List.of(p), 0.1).nesterov(true), "Nesterov", "momentum");
    assertMessage(() -> new Adam(List.of(p), 0.1).betas(1.0, 0.999), "Adam", "beta1");
    assertMessage(() -> new RMSprop(List.of(p), 0.1).alpha(-1), "RMSprop", "alpha");
    assertMessage(() -> ParamGroup.of(List.of(p)).get("lr"), "no option 'lr'");
  }

  @Test
  void addParamGroupFillsDefaults() {
    Tensor a = Tensor.zeros(2).requiresGrad(true);
    Tensor b = Tensor.zeros(2).requiresGrad(true);
    AdamW opt = new AdamW(List.of(a), 1e-3);
    opt.addParamGroup(ParamGroup.of(List.of(b)).lr(1e-4));
    assertEquals(2, opt.paramGroups().size());
    assertEquals(0.01, opt.paramGroups().get(1).get("weight_decay"));
    assertEquals(1e-4, opt.paramGroups().get(1).lr());
  }

  @Test
  void toStringLooksLikePyTorchs() {
    Tensor p = Tensor.zeros(3, 4).requiresGrad(true);
    String s = new SGD(List.of(p), 0.1, 0.9).toString();
    assertTrue(s.startsWith("SGD (\nParameter Group 0 (1 tensors, 12 values)\n"), s);
    assertTrue(s.contains("    lr: 0.1\n"), s);
    assertTrue(s.contains("    momentum: 0.9\n"), s);
    assertTrue(s.contains("    nesterov: false\n"), s);
    assertTrue(new Adam(List.of(p)).toString().contains("amsgrad: false"));
  }

  /**
   * After the first step (which allocates the state), a step allocates next to nothing: no arrays
   * per parameter. Measured with the JVM's per-thread allocation counter.
   */
  @Test
  void stepsDoNotAllocatePerParameterArrays() {
    Tensor w = Tensor.zeros(10_000).requiresGrad(true);
    float[] target = new float[10_000];
    java.util.Arrays.fill(target, 1f);
    new MSELoss().forward(w, Tensor.of(target, 10_000)).backward();
    List<Optimizer> optimizers =
        List.of(
            new SGD(List.of(w), 0.1, 0.9),
            new Adam(List.of(w), 1e-3).amsgrad(true),
            new AdamW(List.of(w), 1e-3),
            new RMSprop(List.of(w), 1e-3).centered(true).momentum(0.9),
            new Adagrad(List.of(w), 1e-2));
    var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (Optimizer opt : optimizers) {
      for (int i = 0; i < 20; i++) {
        opt.step(); // warm up, and allocate the state
      }
      long before = bean.getThreadAllocatedBytes(thread);
      for (int i = 0; i < 100; i++) {
        opt.step();
      }
      long perStep = (bean.getThreadAllocatedBytes(thread) - before) / 100;
      // one float[10_000] would be 40 kB; iterators and boxed options are a few hundred bytes
      assertTrue(perStep < 2_000, opt.name() + " allocates " + perStep + " bytes per step");
    }
  }
}
