package crema.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Module machinery: discovery, names, state dicts, modes, freezing, printing. */
class ModuleTest {

  /** A user model written the PyTorch way: fields in declaration order. */
  static class Net extends Module {
    final Sequential features =
        new Sequential(new Conv2d(1, 4, 3, 1, 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2));
    final Linear classifierHead = new Linear(4 * 4 * 4, 3);
    final Parameter temperature = new Parameter(Tensor.ones(1));
    @Buffer final Tensor stepCount = Tensor.zeros(1);

    @Buffer(persistent = false)
    final Tensor scratch = Tensor.zeros(2);

    final Tensor notRegistered = Tensor.zeros(3);
    final transient Linear ignored = new Linear(2, 2);

    @Override
    public Tensor forward(Tensor x) {
      return classifierHead.forward(F.flatten(features.forward(x))).div(temperature);
    }
  }

  @Test
  void stateDictKeysFollowPyTorchOrderAndNames() {
    var keys = List.copyOf(new Net().stateDict().keySet());
    assertEquals(
        List.of(
            "temperature",
            "step_count",
            "features.0.weight",
            "features.0.bias",
            "features.1.weight",
            "features.1.bias",
            "features.1.running_mean",
            "features.1.running_var",
            "features.1.num_batches_tracked",
            "classifier_head.weight",
            "classifier_head.bias"),
        keys);
  }

  @Test
  void parametersBuffersAndChildren() {
    var net = new Net();
    assertEquals(
        List.of(
            "temperature",
            "features.0.weight",
            "features.0.bias",
            "features.1.weight",
            "features.1.bias",
            "classifier_head.weight",
            "classifier_head.bias"),
        List.copyOf(net.namedParameters().keySet()));
    assertEquals(1 + 36 + 4 + 4 + 4 + 64 * 3 + 3, net.numParameters());
    assertTrue(net.parameters().stream().allMatch(Tensor::requiresGrad));
    assertEquals(List.of("features", "classifier_head"), List.copyOf(net.namedChildren().keySet()));
    assertSame(net.features, net.children().get(0));
    assertEquals(
        List.of(
            "",
            "features",
            "features.0",
            "features.1",
            "features.2",
            "features.3",
            "classifier_head"),
        List.copyOf(net.namedModules().keySet()));
    assertEquals(
        List.of(
            "step_count",
            "scratch",
            "features.1.running_mean",
            "features.1.running_var",
            "features.1.num_batches_tracked"),
        List.copyOf(net.namedBuffers().keySet()));
    assertSame(net.features.get(1), net.get("features.1"));
    var e = assertThrows(IllegalArgumentException.class, () -> net.get("features.9"));
    assertTrue(
        e.getMessage().contains("'9'") && e.getMessage().contains("[0, 1, 2, 3]"), e.getMessage());
  }

  @Test
  void sharedParametersAreCountedOnce() {
    var shared = new Linear(3, 3);
    var net = new Sequential(shared, new ReLU(), shared);
    assertEquals(12, net.numParameters());
    assertEquals(2, net.parameters().size());
    assertEquals(
        List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(net.stateDict().keySet()));
  }

  static class Lists extends Module {
    final List<Module> blocks = new ArrayList<>(List.of(new Linear(2, 2), new Linear(2, 1)));
    final ModuleList more = new ModuleList(new Linear(1, 1));
    final Module[] array = {new Linear(1, 2)};

    @Override
    public Tensor forward(Tensor x) {
      for (Module m : blocks) x = m.forward(x);
      return more.get(0).forward(x);
    }
  }

  @Test
  void listsAndArraysOfModulesAreChildren() {
    var m = new Lists();
    assertEquals(
        List.of(
            "blocks.0.weight",
            "blocks.0.bias",
            "blocks.1.weight",
            "blocks.1.bias",
            "more.0.weight",
            "more.0.bias",
            "array.0.weight",
            "array.0.bias"),
        List.copyOf(m.stateDict().keySet()));
    assertSame(m.blocks.get(1), m.get("blocks.1"));
    assertSame(m.more.get(0), m.get("more.0"));
    assertThrows(UnsupportedOperationException.class, () -> m.more.forward(Tensor.zeros(1, 1)));
  }

  static class Registered extends Module {
    final Linear a = new Linear(2, 2);

    Registered() {
      registerParameter("scale", new Parameter(Tensor.ones(2)));
      registerBuffer("counter", Tensor.zeros(1));
      registerModule("b", new Linear(2, 1));
    }

    @Override
    public Tensor forward(Tensor x) {
      return get("b").forward(a.forward(x));
    }
  }

  @Test
  void explicitRegistrationComesAfterFields() {
    assertEquals(
        List.of("scale", "counter", "a.weight", "a.bias", "b.weight", "b.bias"),
        List.copyOf(new Registered().stateDict().keySet()));
  }

  @Test
  void loadStateDictIsStrictAndListsEveryProblem() {
    var model = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
    var sd = new LinkedHashMap<String, Tensor>(model.stateDict());
    sd.remove("2.bias");
    sd.put("0.weight", Tensor.zeros(3, 5));
    sd.put("head.weight", Tensor.zeros(1));
    float before = model.get(0).stateDict().get("bias").data()[0];
    sd.put("0.bias", Tensor.full(7f, 3));
    var e = assertThrows(IllegalArgumentException.class, () -> model.loadStateDict(sd));
    String msg = e.getMessage();
    assertTrue(msg.contains("Missing key(s): 2.bias"), msg);
    assertTrue(msg.contains("Unexpected key(s): head.weight"), msg);
    assertTrue(msg.contains("0.weight: checkpoint [3, 5], model [3, 4]"), msg);
    assertEquals(before, model.get(0).stateDict().get("bias").data()[0], "nothing loaded on error");

    StateDictLoad r = model.loadStateDict(sd, false);
    assertEquals(List.of("2.bias"), r.missingKeys());
    assertEquals(List.of("head.weight"), r.unexpectedKeys());
    assertEquals(1, r.shapeMismatches().size());
    assertFalse(r.isClean());
    assertEquals(7f, model.get(0).stateDict().get("bias").data()[0], "matching keys loaded");
  }

  @Test
  void loadStateDictCopiesValuesIntoTheSameTensors() {
    var a = new Linear(3, 2);
    var b = new Linear(3, 2);
    Parameter w = b.weight;
    b.loadStateDict(a.stateDict());
    assertSame(w, b.weight);
    assertArrayEquals(a.weight.toFloatArray(), b.weight.toFloatArray());
    assertTrue(b.loadStateDict(a.stateDict(), true).isClean());
  }

  @Test
  void stateDictCopyIsASnapshot() {
    var a = new Linear(3, 2);
    var snapshot = a.stateDictCopy();
    float w0 = a.weight.data()[0];
    a.weight.fill(5f);
    assertEquals(w0, snapshot.get("weight").data()[0]);
    assertFalse(snapshot.get("weight").requiresGrad());
    a.loadStateDict(snapshot);
    assertEquals(w0, a.weight.data()[0]);
  }

  @Test
  void trainEvalPropagate() {
    var net = new Net();
    assertTrue(net.isTraining());
    net.eval();
    assertTrue(net.modules().stream().noneMatch(Module::isTraining));
    net.train();
    assertTrue(net.modules().stream().allMatch(Module::isTraining));
  }

  @Test
  void freezeByNameForTransferLearning() {
    var net = new Net();
    net.freeze(n -> n.startsWith("features."));
    for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
      assertEquals(!e.getKey().startsWith("features."), e.getValue().requiresGrad(), e.getKey());
    }
    assertEquals(1 + 64 * 3 + 3, net.numTrainableParameters());
    net.forward(Tensor.randn(2, 1, 8, 8)).sum().backward();
    assertNull(net.features.get(0).parameters().get(0).grad(), "frozen: no gradient");
    assertTrue(net.classifierHead.weight.grad() != null);
    net.zeroGrad();
    assertNull(net.classifierHead.weight.grad());
    net.unfreeze();
    assertEquals(net.numParameters(), net.numTrainableParameters());
    net.freeze();
    assertEquals(0, net.numTrainableParameters());
  }

  @Test
  void sequentialReplaceHeadAndIndexing() {
    var seq = new Sequential(new Linear(4, 3), new ReLU()).add(new Linear(3, 2));
    assertEquals(3, seq.size());
    assertSame(seq.get(2), seq.get(-1));
    seq.set(-1, new Linear(3, 5));
    assertEquals(
        List.of(2, 5).toString(),
        List.of(seq.forward(Tensor.zeros(2, 4)).shape()[0], 5).toString());
    assertEquals(
        List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(seq.stateDict().keySet()));
    assertThrows(IndexOutOfBoundsException.class, () -> seq.get(3));
    var e = assertThrows(IllegalArgumentException.class, () -> seq.forward(Tensor.zeros(2, 5)));
    assertEquals("Sequential (0): Linear(4→3) got input [2, 5]", e.getMessage());
  }

  @Test
  void namedSequential() {
    var layers = new LinkedHashMap<String, Module>();
    layers.put("conv1", new Conv2d(1, 2, 3));
    layers.put("act", new ReLU());
    var seq = new Sequential(layers).add("head", new Flatten()).add(new Identity());
    assertEquals(List.of("conv1.weight", "conv1.bias"), List.copyOf(seq.stateDict().keySet()));
    assertEquals(List.of("conv1", "act", "head", "3"), List.copyOf(seq.namedChildren().keySet()));
    assertSame(seq.get(0), seq.get("conv1"));
    assertThrows(IllegalArgumentException.class, () -> seq.add("act", new ReLU()));
    var e =
        assertThrows(IllegalArgumentException.class, () -> seq.forward(Tensor.zeros(1, 3, 5, 5)));
    assertTrue(e.getMessage().startsWith("Sequential (conv1): Conv2d(1→2, 3x3)"), e.getMessage());
    assertTrue(seq.toString().contains("(conv1): Conv2d(1, 2, kernel_size=(3, 3)"), seq.toString());
  }

  @Test
  void toStringPrintsTheTreeLikePyTorch() {
    var net =
        new Sequential(
            new Conv2d(1, 6, 5, 1, 2),
            new ReLU(),
            new MaxPool2d(2),
            new Sequential(new Flatten(), new Linear(1176, 10, false)),
            new Dropout(0.25),
            new BatchNorm1d(10));
    assertEquals(
        String.join(
            "\n",
            "Sequential(",
            "  (0): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))",
            "  (1): ReLU()",
            "  (2): MaxPool2d(kernel_size=2, stride=2, padding=0)",
            "  (3): Sequential(",
            "    (0): Flatten(start_dim=1, end_dim=-1)",
            "    (1): Linear(in_features=1176, out_features=10, bias=false)",
            "  )",
            "  (4): Dropout(p=0.25)",
            "  (5): BatchNorm1d(10, eps=1.0E-5, momentum=0.1, affine=true, track_running_stats=true)",
            ")"),
        net.toString());
  }

  @Test
  void snakeCaseNames() {
    assertEquals("running_mean", Module.snakeCase("runningMean"));
    assertEquals("weight_ih_l0", Module.snakeCase("weightIhL0"));
    assertEquals("fc1", Module.snakeCase("fc1"));
    assertEquals("in_proj_weight", Module.snakeCase("inProjWeight"));
    assertEquals("already_snake", Module.snakeCase("already_snake"));
  }

  @Test
  void applyVisitsChildrenThenSelf() {
    var seen = new ArrayList<String>();
    new Sequential(new Linear(1, 1), new Sequential(new ReLU()))
        .apply(m -> seen.add(m.getClass().getSimpleName()));
    assertEquals(List.of("Linear", "ReLU", "Sequential", "Sequential"), seen);
  }
}
