package crema.nn;

import static crema.nn.Fixtures.assertClose;
import static crema.tensor.ReferenceJson.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import crema.tensor.ReferenceJson;
import crema.tensor.Tensor;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forward and backward of every layer against PyTorch (resources/crema/nn/layers.json, written by
 * make_reference.py): the PyTorch state_dict is loaded strictly (so the key names must match), the
 * output and the gradients of the input and of every parameter must agree, and so must the buffers
 * after the step (BatchNorm's running statistics).
 */
class LayerReferenceTest {
  private static final JsonObject CASES = Fixtures.json("layers.json").getAsJsonObject("cases");

  static Stream<String> cases() {
    return CASES.keySet().stream();
  }

  static Module build(String name) {
    return switch (name) {
      case "linear" -> new Linear(5, 3);
      case "linear_nobias" -> new Linear(5, 3, false);
      case "linear_3d" -> new Linear(4, 2);
      case "conv2d" -> new Conv2d(2, 3, 3);
      case "conv2d_stride_pad_dil" -> new Conv2d(2, 4, 3, 2, 1, 2, 1, true);
      case "conv2d_groups_nobias" -> new Conv2d(4, 6, 3, 1, 1, 1, 2, false);
      case "conv2d_depthwise" -> new Conv2d(3, 3, 3, 2, 2, 1, 3, true);
      case "maxpool2d" -> new MaxPool2d(2);
      case "maxpool2d_3_2_1" -> new MaxPool2d(3, 2, 1);
      case "minpool2d" -> new MinPool2d(2);
      case "minpool2d_3_2_1" -> new MinPool2d(3, 2, 1);
      case "avgpool2d" -> new AvgPool2d(2);
      case "avgpool2d_3_2_1" -> new AvgPool2d(3, 2, 1);
      case "adaptiveavgpool2d_3" -> new AdaptiveAvgPool2d(3);
      case "adaptiveavgpool2d_1" -> new AdaptiveAvgPool2d(1);
      case "adaptiveavgpool2d_2x4" -> new AdaptiveAvgPool2d(2, 4);
      case "flatten" -> new Flatten();
      case "batchnorm1d_train", "batchnorm1d_eval" -> new BatchNorm1d(4);
      case "batchnorm1d_3d_train" -> new BatchNorm1d(3, 1e-5, 0.3);
      case "batchnorm2d_train", "batchnorm2d_eval" -> new BatchNorm2d(3);
      case "relu" -> new ReLU();
      case "leakyrelu" -> new LeakyReLU(0.1);
      case "elu" -> new ELU();
      case "elu_alpha" -> new ELU(0.5);
      case "sigmoid" -> new Sigmoid();
      case "tanh" -> new Tanh();
      case "softmax" -> new Softmax(1);
      case "logsoftmax" -> new LogSoftmax(1);
      case "maxout" -> new Maxout(5, 3, 2);
      case "identity" -> new Identity();
      default -> throw new IllegalArgumentException("no Crema layer for case " + name);
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPyTorch(String name) {
    JsonObject c = CASES.getAsJsonObject(name);
    Module m = build(name);
    m.loadStateDict(ReferenceJson.tensors(c.getAsJsonObject("state_dict")));
    m.train(c.get("train").getAsBoolean());

    Tensor x = tensor(c.get("input")).requiresGrad(true);
    Tensor y = m.forward(x);
    assertClose(tensor(c.get("output")), y, 1e-5, 1e-4, name + " output");

    y.backward(tensor(c.get("grad_output")));
    assertClose(tensor(c.get("grad_input")), x.grad(), 1e-5, 1e-4, name + " grad input");
    Map<String, Parameter> params = m.namedParameters();
    JsonObject gp = c.getAsJsonObject("grad_params");
    assertEquals(gp.keySet(), params.keySet(), name + " parameter names");
    for (var e : gp.entrySet()) {
      assertClose(
          tensor(e.getValue()),
          params.get(e.getKey()).grad(),
          1e-5,
          1e-4,
          name + " grad " + e.getKey());
    }
    JsonObject after = c.getAsJsonObject("state_after");
    Map<String, Tensor> state = m.stateDict();
    assertEquals(after.keySet(), state.keySet(), name + " state_dict keys after");
    for (var e : after.entrySet()) {
      assertClose(tensor(e.getValue()), state.get(e.getKey()), 1e-6, 1e-5, name + " " + e.getKey());
    }
  }
}
