package crema.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Forward and backward of every op against PyTorch 1.13 (values in {@code reference.json}, made by
 * {@code make_reference.py} beside it). Each case: same inputs, same op, then backward of {@code L
 * = sum(w * out)} with the stored weights.
 *
 * <p>Tolerance: 1e-5 relative (with an absolute floor of 1e-5 for values near 0). Float32 results
 * differ from PyTorch's only by summation order and libm rounding, a few ulps.
 */
class ReferenceTest {
  static final class T {
    int[] shape;
    float[] data;

    Tensor tensor() {
      return Tensor.of(data, shape);
    }
  }

  static final class Case {
    String name;
    List<T> inputs;
    T output;
    T weights;
    List<T> grads;
  }

  static final class Print {
    String name;
    T tensor;
    boolean requires_grad;
    String str;
  }

  static final class Ref {
    String torch_version;
    List<Case> cases;
    List<Print> prints;
  }

  static Ref load() {
    try (Reader r =
        new InputStreamReader(
            ReferenceTest.class.getResourceAsStream("/crema/tensor/reference.json"),
            StandardCharsets.UTF_8)) {
      return new Gson().fromJson(r, Ref.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final Map<String, Function<Tensor[], Tensor>> OPS = new HashMap<>();

  static {
    OPS.put("add", x -> x[0].add(x[1]));
    OPS.put("add_bcast", x -> x[0].add(x[1]));
    OPS.put("sub", x -> x[0].sub(x[1]));
    OPS.put("mul", x -> x[0].mul(x[1]));
    OPS.put("div", x -> x[0].div(x[1]));
    OPS.put("div_bcast", x -> x[0].div(x[1]));
    OPS.put("maximum", x -> x[0].maximum(x[1]));
    OPS.put("minimum", x -> x[0].minimum(x[1]));
    OPS.put("maximum_ties", x -> x[0].maximum(x[1]));
    OPS.put("scalar_ops", x -> x[0].mul(3).add(1).sub(0.5f).div(2));
    OPS.put("square", x -> x[0].mul(x[0]));
    OPS.put("neg", x -> x[0].neg());
    OPS.put("exp", x -> x[0].exp());
    OPS.put("log", x -> x[0].log());
    OPS.put("sqrt", x -> x[0].sqrt());
    OPS.put("abs", x -> x[0].abs());
    OPS.put("pow3", x -> x[0].pow(3));
    OPS.put("pow_half", x -> x[0].pow(0.5f));
    OPS.put("pow_neg", x -> x[0].pow(-2));
    OPS.put("sin", x -> x[0].sin());
    OPS.put("cos", x -> x[0].cos());
    OPS.put("gather", x -> x[0].gather(1, Tensor.of(new float[] {2, 0, 1, 2}, 4, 1)));
    OPS.put("gather0", x -> x[0].gather(0, Tensor.of(new float[] {1, 0, 1, 0, 0, 1}, 2, 3)));
    OPS.put("linspace", x -> Tensor.linspace(-1.5f, 2f, 7).mul(x[0]));
    OPS.put("clamp", x -> x[0].clamp(-0.5f, 0.5f));
    OPS.put("relu", x -> x[0].relu());
    OPS.put("relu_at_zero", x -> x[0].relu());
    OPS.put("leaky_relu_at_zero", x -> x[0].leakyRelu(0.1f));
    OPS.put("sigmoid", x -> x[0].sigmoid());
    OPS.put("tanh", x -> x[0].tanh());
    OPS.put("leaky_relu", x -> x[0].leakyRelu(0.1f));
    OPS.put("elu", x -> x[0].elu(1.2f));
    OPS.put("softmax_last", x -> x[0].softmax(-1));
    OPS.put("softmax_dim0", x -> x[0].softmax(0));
    OPS.put("softmax_mid", x -> x[0].softmax(1));
    OPS.put("log_softmax", x -> x[0].logSoftmax(1));
    OPS.put("log_softmax_mid", x -> x[0].logSoftmax(1));
    OPS.put("sum_all", x -> x[0].sum());
    OPS.put("sum_dim", x -> x[0].sum(1, false));
    OPS.put("sum_dims_keep", x -> x[0].sum(new int[] {0, 2}, true));
    OPS.put("mean_all", x -> x[0].mean());
    OPS.put("mean_dim_keep", x -> x[0].mean(-1, true));
    OPS.put("mean_dims", x -> x[0].mean(new int[] {0, 1}, false));
    OPS.put("max_dim", x -> x[0].max(1, false));
    OPS.put("max_dim_keep", x -> x[0].max(0, true));
    OPS.put("min_dim", x -> x[0].min(-1, false));
    OPS.put("max_all", x -> x[0].max());
    OPS.put("var_dim", x -> x[0].var(1, false));
    OPS.put("var_dims_biased", x -> x[0].var(new int[] {0, 2}, true, false));
    OPS.put("var_all", x -> x[0].var());
    OPS.put("reshape", x -> x[0].reshape(3, -1));
    OPS.put("transpose", x -> x[0].transpose(0, 2));
    OPS.put("permute", x -> x[0].permute(2, 0, 1));
    OPS.put("flatten1", x -> x[0].flatten(1));
    OPS.put("squeeze_unsqueeze", x -> x[0].squeeze(1).unsqueeze(0));
    OPS.put("cat1", x -> Tensor.cat(List.of(x[0], x[1]), 1));
    OPS.put("cat0", x -> Tensor.cat(List.of(x[0], x[1], x[2]), 0));
    OPS.put("stack1", x -> Tensor.stack(List.of(x[0], x[1]), 1));
    OPS.put("slice", x -> x[0].slice(1, 1, 3));
    OPS.put("index_select", x -> x[0].indexSelect(0, new int[] {2, 0, 2, 1}));
    OPS.put("index_select1", x -> x[0].indexSelect(1, new int[] {3, 3, 0}));
    OPS.put("expand", x -> x[0].expand(2, 3, 4));
    OPS.put("where", x -> Tensor.where(Tensor.of(1, 0, 1, 0), x[0], x[1]));
    OPS.put("mm", x -> x[0].mm(x[1]));
    OPS.put("matmul_batched", x -> x[0].matmul(x[1]));
    OPS.put("matmul_batch_matrix", x -> x[0].matmul(x[1]));
    OPS.put("matmul_matrix_batch", x -> x[0].matmul(x[1]));
    OPS.put("matmul_broadcast", x -> x[0].matmul(x[1]));
    OPS.put("matmul_vec_mat", x -> x[0].matmul(x[1]));
    OPS.put("matmul_mat_vec", x -> x[0].matmul(x[1]));
    OPS.put("matmul_dot", x -> x[0].matmul(x[1]));
    OPS.put("matmul_large", x -> x[0].matmul(x[1]));
    OPS.put("mlp", x -> x[0].mm(x[1].t()).add(x[2]).tanh().mm(x[3].t()).logSoftmax(1));
  }

  static void assertClose(String what, T want, Tensor got) {
    assertArrayEquals(want.shape, got.shape(), what + ": shape");
    float[] g = got.data();
    for (int i = 0; i < g.length; i++) {
      double tol = 1e-5 * Math.max(1.0, Math.abs(want.data[i]));
      assertEquals(want.data[i], g[i], tol, what + "[" + i + "]");
    }
  }

  @TestFactory
  Stream<DynamicTest> opsMatchPyTorch() {
    Ref ref = load();
    assertTrue(ref.cases.size() >= 60);
    return ref.cases.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name,
                    () -> {
                      Function<Tensor[], Tensor> op = OPS.get(c.name);
                      assertNotNull(op, "no Java op for reference case " + c.name);
                      Tensor[] in = new Tensor[c.inputs.size()];
                      for (int i = 0; i < in.length; i++) {
                        in[i] = c.inputs.get(i).tensor().requiresGrad(true);
                      }
                      Tensor out = op.apply(in);
                      assertClose(c.name + " forward", c.output, out);
                      out.mul(c.weights.tensor()).sum().backward();
                      for (int i = 0; i < in.length; i++) {
                        assertClose(c.name + " grad " + i, c.grads.get(i), in[i].grad());
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> printsLikePyTorch() {
    return load().prints.stream()
        .map(
            p ->
                DynamicTest.dynamicTest(
                    p.name,
                    () -> {
                      Tensor t = p.tensor.tensor().requiresGrad(p.requires_grad);
                      String want = p.str.replace("requires_grad=True", "requiresGrad=true");
                      assertEquals(want, t.toString());
                    }));
  }

  @Test
  void everyJavaOpHasACase() {
    Ref ref = load();
    for (String k : OPS.keySet()) {
      assertTrue(ref.cases.stream().anyMatch(c -> c.name.equals(k)), "no reference for " + k);
    }
  }
}
