package crema.tensor;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every differentiable op against central finite differences (small sizes). */
class GradCheckTest {
  private static Tensor r(long seed, int... shape) {
    return Tensor.randn(new Rng(seed), shape);
  }

  /** Values away from 0, for ops with a kink or a pole there (abs, relu, log, div). */
  private static Tensor away(long seed, int... shape) {
    Tensor t = Tensor.rand(new Rng(seed), shape);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (i % 2 == 0 ? 1 : -1) * (0.3f + 1.5f * d[i]);
    }
    return t;
  }

  private static Tensor positive(long seed, int... shape) {
    return away(seed, shape).abs().detach();
  }

  @Test
  void binaryWithBroadcasting() {
    GradCheck.check("add", x -> x[0].add(x[1]), r(1, 2, 3), r(2, 3));
    GradCheck.check("add bcast", x -> x[0].add(x[1]), r(1, 2, 1, 3), r(2, 4, 1));
    GradCheck.check("sub", x -> x[0].sub(x[1]), r(3, 3, 2), r(4, 3, 1));
    GradCheck.check("mul", x -> x[0].mul(x[1]), r(5, 2, 3), r(6, 1, 3));
    GradCheck.check("div", x -> x[0].div(x[1]), r(7, 2, 3), away(8, 2, 3));
    GradCheck.check("div bcast", x -> x[0].div(x[1]), r(7, 2, 3), away(8, 3));
    GradCheck.check("maximum", x -> x[0].maximum(x[1]), r(9, 2, 3), r(10, 2, 3));
    GradCheck.check("minimum", x -> x[0].minimum(x[1]), r(11, 4), r(12, 2, 1));
    GradCheck.check("scalar ops", x -> x[0].mul(3f).add(1f).sub(0.5f).div(2f), r(13, 5));
    GradCheck.check("x*x", x -> x[0].mul(x[0]), r(14, 3));
  }

  @Test
  void unary() {
    GradCheck.check("neg", x -> x[0].neg(), r(1, 2, 3));
    GradCheck.check("exp", x -> x[0].exp(), r(2, 2, 3));
    GradCheck.check("log", x -> x[0].log(), positive(3, 2, 3));
    GradCheck.check("sqrt", x -> x[0].sqrt(), positive(4, 2, 3));
    GradCheck.check("abs", x -> x[0].abs(), away(5, 2, 3));
    GradCheck.check("pow", x -> x[0].pow(3f), r(6, 2, 3));
    GradCheck.check("pow frac", x -> x[0].pow(1.5f), positive(7, 5));
    GradCheck.check("clamp", x -> x[0].clamp(-0.5f, 0.5f), away(8, 2, 5));
    GradCheck.check("relu", x -> x[0].relu(), away(9, 2, 3));
    GradCheck.check("sigmoid", x -> x[0].sigmoid(), r(10, 2, 3));
    GradCheck.check("tanh", x -> x[0].tanh(), r(11, 2, 3));
    GradCheck.check("leakyRelu", x -> x[0].leakyRelu(0.1f), away(12, 2, 3));
    GradCheck.check("sin", x -> x[0].sin(), r(14, 2, 3));
    GradCheck.check("cos", x -> x[0].cos(), r(15, 2, 3));
    GradCheck.check("elu", x -> x[0].elu(1.2f), away(13, 2, 3));
  }

  @Test
  void softmax() {
    GradCheck.check("softmax -1", x -> x[0].softmax(-1), r(1, 3, 4));
    GradCheck.check("softmax 0", x -> x[0].softmax(0), r(2, 3, 4));
    GradCheck.check("softmax 1 of 3-d", x -> x[0].softmax(1), r(3, 2, 3, 2));
    GradCheck.check("logSoftmax", x -> x[0].logSoftmax(1), r(4, 3, 4));
    GradCheck.check("logSoftmax 0", x -> x[0].logSoftmax(0), r(5, 2, 3, 2));
  }

  @Test
  void reductions() {
    GradCheck.check("sum", x -> x[0].sum(), r(1, 2, 3));
    GradCheck.check("sum dim", x -> x[0].sum(1, false), r(2, 2, 3, 2));
    GradCheck.check("sum dims keep", x -> x[0].sum(new int[] {0, 2}, true), r(3, 2, 3, 2));
    GradCheck.check("mean", x -> x[0].mean(), r(4, 2, 3));
    GradCheck.check("mean dim", x -> x[0].mean(-1, true), r(5, 2, 3));
    GradCheck.check("max dim", x -> x[0].max(1, false), r(6, 3, 4));
    GradCheck.check("min dim", x -> x[0].min(0, true), r(7, 3, 4));
    GradCheck.check("max all", x -> x[0].max(), r(8, 3, 4));
    GradCheck.check("var", x -> x[0].var(1, false), r(9, 3, 4));
    GradCheck.check("var dims", x -> x[0].var(new int[] {0, 2}, true, false), r(10, 2, 3, 2));
  }

  @Test
  void shapeOps() {
    GradCheck.check("reshape", x -> x[0].reshape(3, -1), r(1, 2, 3));
    GradCheck.check("transpose", x -> x[0].transpose(0, 2), r(2, 2, 3, 4));
    GradCheck.check("permute", x -> x[0].permute(2, 0, 1), r(3, 2, 3, 4));
    GradCheck.check("flatten", x -> x[0].flatten(1), r(4, 2, 3, 2));
    GradCheck.check("squeeze", x -> x[0].squeeze(1).unsqueeze(0), r(5, 2, 1, 3));
    GradCheck.check("cat", x -> Tensor.cat(List.of(x[0], x[1]), 1), r(6, 2, 3), r(7, 2, 2));
    GradCheck.check("stack", x -> Tensor.stack(List.of(x[0], x[1]), 1), r(8, 2, 3), r(9, 2, 3));
    GradCheck.check("slice", x -> x[0].slice(1, 1, 3), r(10, 2, 4));
    GradCheck.check("indexSelect", x -> x[0].indexSelect(0, new int[] {2, 0, 2}), r(11, 3, 2));
    GradCheck.check(
        "gather",
        x -> x[0].gather(1, Tensor.of(new float[] {2, 0, 0, 1, 1, 1}, 2, 3)),
        r(15, 2, 4));
    GradCheck.check("expand", x -> x[0].expand(2, 3, -1), r(12, 3, 1));
    GradCheck.check(
        "where",
        x -> Tensor.where(Tensor.of(new float[] {1, 0, 1}, 3), x[0], x[1]),
        r(13, 2, 3),
        r(14, 1));
  }

  @Test
  void matmul() {
    GradCheck.check("mm", x -> x[0].mm(x[1]), r(1, 3, 4), r(2, 4, 5));
    GradCheck.check("batched", x -> x[0].matmul(x[1]), r(3, 2, 3, 4), r(4, 2, 4, 2));
    GradCheck.check("batch x matrix", x -> x[0].matmul(x[1]), r(5, 2, 3, 4), r(6, 4, 2));
    GradCheck.check("matrix x batch", x -> x[0].matmul(x[1]), r(7, 3, 4), r(8, 2, 4, 2));
    GradCheck.check("broadcast batch", x -> x[0].matmul(x[1]), r(9, 2, 1, 2, 3), r(10, 3, 3, 2));
    GradCheck.check("vec x mat", x -> x[0].matmul(x[1]), r(11, 4), r(12, 4, 3));
    GradCheck.check("mat x vec", x -> x[0].matmul(x[1]), r(13, 3, 4), r(14, 4));
    GradCheck.check("dot", x -> x[0].matmul(x[1]), r(15, 4), r(16, 4));
  }

  @Test
  void composite() {
    // A small MLP step: the engine has to sum gradients arriving from several consumers.
    GradCheck.check(
        "mlp",
        x -> x[0].matmul(x[1]).add(x[2]).tanh().matmul(x[1].t()).mul(x[0]).sum(1, false),
        r(1, 4, 3),
        r(2, 3, 3),
        r(3, 3));
  }
}
