package crema.nn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.backend.ArrayPool;
import crema.nn.F;
import crema.nn.Parameter;
import crema.nn.TransformerEncoderLayer;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outputs of the convolution, the pooling, the transformer layer's fused ops, the linear layer,
 * matmul, and the elementwise unary and binary ops come from the pool without being zeroed, because
 * their kernels write every element; so do the input gradients and per-block weight gradients that
 * a product writes whole. If one ever stopped doing so, an output would keep what the array held
 * before: here NaN, placed in the pool on purpose, so that any element left unwritten shows up in
 * the comparison with the same op on freshly allocated arrays.
 */
class UnzeroedOutputsTest {
  @AfterEach
  void emptyPool() {
    ArrayPool.clear();
  }

  /** Gives the pool arrays of each of {@code lengths} floats full of NaN, four of each. */
  private static void poisonPool(int... lengths) {
    ArrayPool.clear();
    for (int length : lengths) {
      for (int i = 0; i < 4; i++) {
        float[] a = new float[length];
        Arrays.fill(a, Float.NaN);
        ArrayPool.give(a);
      }
    }
  }

  private static void assertSameOnPoisonedPool(String what, int outLength, Supplier<Tensor> op) {
    ArrayPool.setEnabled(false);
    float[] fresh;
    try {
      fresh = op.get().toFloatArray();
    } finally {
      ArrayPool.setEnabled(true);
    }
    poisonPool(outLength);
    long before = ArrayPool.pooledBytes();
    float[] reused = op.get().toFloatArray();
    assertTrue(
        ArrayPool.pooledBytes() < before, what + ": the output was not one of the poisoned arrays");
    assertArrayEquals(fresh, reused, what + " left elements unwritten");
  }

  @Test
  void convolutionWritesEveryOutput() {
    Rng rng = new Rng(5);
    Tensor x = Tensor.randn(rng, 6, 2, 17, 15);
    Tensor w = Tensor.randn(rng, 4, 2, 3, 3);
    Tensor b = Tensor.randn(rng, 4);
    // [6, 4, 17, 15] with padding 1, and [6, 4, 8, 7] with stride 2 and no padding (the pool keeps
    // arrays of 1,024 floats or more).
    assertSameOnPoisonedPool("conv2d, padding 1", 6 * 4 * 17 * 15, () -> F.conv2d(x, w, b, 1, 1));
    assertSameOnPoisonedPool("conv2d, stride 2", 6 * 4 * 8 * 7, () -> F.conv2d(x, w, b, 2, 0));
  }

  @Test
  void groupedConvolutionWritesEveryOutput() {
    Rng rng = new Rng(6);
    Tensor x = Tensor.randn(rng, 4, 4, 8, 8);
    Tensor w = Tensor.randn(rng, 6, 2, 3, 3);
    assertSameOnPoisonedPool(
        "conv2d, 2 groups", 4 * 6 * 8 * 8, () -> F.conv2d(x, w, null, 1, 1, 1, 2));
  }

  @Test
  void poolingWritesEveryOutput() {
    Rng rng = new Rng(7);
    // Odd sizes: the 2x2 kernel drops the last row and column, the general one pads.
    Tensor x = Tensor.randn(rng, 4, 8, 17, 15);
    assertSameOnPoisonedPool("maxPool2d 2x2", 4 * 8 * 8 * 7, () -> F.maxPool2d(x, 2));
    assertSameOnPoisonedPool(
        "maxPool2d 3x3, stride 2, padding 1", 4 * 8 * 9 * 8, () -> F.maxPool2d(x, 3, 2, 1));
  }

  @Test
  void aTransformerLayerWritesEveryElementOfItsOutputAndGradients() {
    // 4 sequences of 8 tokens of width 32, 4 heads, a feed-forward width of 64: the token matrices
    // are [32, 32], [32, 64] and [32, 96], the attention weights 4·4·8·8, the weights [96, 32],
    // [64, 32] and [32, 64], so every array the layer takes from the pool is 1,024, 2,048 or 3,072
    // floats long.
    Rng.manualSeed(9);
    Rng rng = new Rng(10);
    TransformerEncoderLayer layer = new TransformerEncoderLayer(32, 4, 64, 0.0, false);
    Tensor x = Tensor.randn(rng, 4, 8, 32);
    Tensor gOut = Tensor.randn(rng, 4, 8, 32);
    ArrayPool.setEnabled(false);
    List<float[]> fresh;
    try {
      fresh = outputAndGradients(layer, x, gOut);
    } finally {
      ArrayPool.setEnabled(true);
    }
    poisonPool(1024, 2048, 3072);
    long poisoned = ArrayPool.pooledBytes();
    List<float[]> reused = outputAndGradients(layer, x, gOut);
    assertTrue(reused.remove(0)[0] < poisoned, "the forward pass took none of the poisoned arrays");
    fresh.remove(0);
    assertEquals(fresh.size(), reused.size());
    for (int i = 0; i < fresh.size(); i++) {
      assertArrayEquals(fresh.get(i), reused.get(i), "output, input gradient, parameters: " + i);
    }
  }

  /**
   * The bytes left in the pool after the forward pass, then copies of the layer's output, the
   * input's gradient and each parameter's gradient.
   */
  private static List<float[]> outputAndGradients(
      TransformerEncoderLayer layer, Tensor x, Tensor gOut) {
    layer.zeroGrad();
    Tensor in = x.detach().requiresGrad(true);
    Tensor y = layer.forward(in);
    List<float[]> out = new ArrayList<>();
    out.add(new float[] {ArrayPool.pooledBytes()});
    out.add(y.toFloatArray());
    y.backward(gOut);
    out.add(in.grad().toFloatArray());
    for (Parameter p : layer.parameters()) out.add(p.grad().toFloatArray());
    return out;
  }

  @Test
  void binaryOpsWriteEveryElementWhateverTheBroadcast() {
    Rng rng = new Rng(11);
    Tensor a = Tensor.randn(rng, 8, 16, 12);
    Tensor row = Tensor.randn(rng, 12);
    Tensor column = Tensor.randn(rng, 8, 1, 12);
    Tensor one = Tensor.randn(rng, 1);
    Tensor tall = Tensor.randn(rng, 16, 1);
    int n = 8 * 16 * 12;
    assertSameOnPoisonedPool("add, same shapes", n, () -> a.add(a.mul(one)));
    assertSameOnPoisonedPool("mul by a row", n, () -> a.mul(row));
    assertSameOnPoisonedPool("sub of a column", n, () -> a.sub(column));
    assertSameOnPoisonedPool("div by one element", n, () -> one.div(a));
    assertSameOnPoisonedPool("outer broadcast", n, () -> column.add(tall));
  }

  /**
   * Runs {@code pass} (a forward and backward pass returning copies of its output and gradients) on
   * fresh arrays and on a pool of NaN arrays of the given lengths; both must agree.
   */
  private static void assertPassSameOnPoisonedPool(
      String what, Supplier<List<float[]>> pass, int... lengths) {
    ArrayPool.setEnabled(false);
    List<float[]> fresh;
    try {
      fresh = pass.get();
    } finally {
      ArrayPool.setEnabled(true);
    }
    poisonPool(lengths);
    long poisoned = ArrayPool.pooledBytes();
    List<float[]> reused = pass.get();
    assertTrue(ArrayPool.pooledBytes() < poisoned, what + ": took none of the poisoned arrays");
    assertEquals(fresh.size(), reused.size());
    for (int i = 0; i < fresh.size(); i++) {
      assertArrayEquals(fresh.get(i), reused.get(i), what + ": output and gradients, " + i);
    }
  }

  /**
   * {@code op} on leaves with gradients, backward from {@code gOut}: output, then each gradient.
   */
  private static List<float[]> pass(
      java.util.function.Function<Tensor[], Tensor> op, Tensor gOut, Tensor... leaves) {
    Tensor[] in = new Tensor[leaves.length];
    for (int i = 0; i < leaves.length; i++) in[i] = leaves[i].detach().requiresGrad(true);
    Tensor y = op.apply(in);
    List<float[]> out = new ArrayList<>();
    out.add(y.toFloatArray());
    y.backward(gOut);
    for (Tensor t : in) out.add(t.grad().toFloatArray());
    return out;
  }

  @Test
  void aLinearLayerWritesItsOutputAndGradientsWhole() {
    // x [32, 64] (and [4, 8, 64]), W [48, 64], b [48]: y and dy [32, 48] = 1,536 floats, dx 2,048,
    // dW 3,072; the pool keeps arrays of 1,024 floats or more.
    Rng rng = new Rng(12);
    Tensor x = Tensor.randn(rng, 32, 64);
    Tensor w = Tensor.randn(rng, 48, 64);
    Tensor b = Tensor.randn(rng, 48);
    Tensor g = Tensor.randn(rng, 32, 48);
    int[] lengths = {1536, 2048, 3072};
    assertPassSameOnPoisonedPool(
        "linear with a bias", () -> pass(t -> F.linear(t[0], t[1], t[2]), g, x, w, b), lengths);
    assertPassSameOnPoisonedPool(
        "linear without", () -> pass(t -> F.linear(t[0], t[1], null), g, x, w), lengths);
    assertPassSameOnPoisonedPool(
        "linear on [4, 8, 64]",
        () -> pass(t -> F.linear(t[0], t[1], t[2]), g.reshape(4, 8, 48), x.reshape(4, 8, 64), w, b),
        lengths);
  }

  @Test
  void matmulWritesItsOutputAndGradientsWholeOrZeroesThemForABatch() {
    Rng rng = new Rng(13);
    Tensor a = Tensor.randn(rng, 32, 40);
    Tensor b = Tensor.randn(rng, 40, 48);
    Tensor g = Tensor.randn(rng, 32, 48);
    assertPassSameOnPoisonedPool(
        "matmul", () -> pass(t -> t[0].matmul(t[1]), g, a, b), 1280, 1536, 1920);
    // a batch in B: the per-batch products add into the gradients, and A broadcasts over it
    Tensor bb = Tensor.randn(rng, 2, 40, 48);
    Tensor gb = Tensor.randn(rng, 2, 32, 48);
    assertPassSameOnPoisonedPool(
        "batched matmul", () -> pass(t -> t[0].matmul(t[1]), gb, a, bb), 1280, 3072, 3840);
  }

  @Test
  void unaryOpsWriteEveryValueAndGradient() {
    Rng rng = new Rng(14);
    Tensor x = Tensor.rand(rng, 48, 40).add(0.1f); // positive, for log and sqrt
    Tensor g = Tensor.randn(rng, 48, 40);
    for (String op : new String[] {"sigmoid", "tanh", "exp", "log", "sqrt", "abs", "neg", "pow2"}) {
      java.util.function.Function<Tensor[], Tensor> f =
          t ->
              switch (op) {
                case "sigmoid" -> t[0].sigmoid();
                case "tanh" -> t[0].tanh();
                case "exp" -> t[0].exp();
                case "log" -> t[0].log();
                case "sqrt" -> t[0].sqrt();
                case "abs" -> t[0].abs();
                case "neg" -> t[0].neg();
                default -> t[0].pow(2);
              };
      assertPassSameOnPoisonedPool(op, () -> pass(f, g, x), 1920);
    }
  }

  @Test
  void slicesWriteEveryValueAndGradient() {
    // The LSTM's packed [B, T + 2, H]: its outputs (steps 0..T−1) and h_N (step T); the large one
    // is split over the cores by rows, the small one not.
    Rng rng = new Rng(15);
    for (int[] shape : new int[][] {{4, 30, 16}, {64, 30, 128}}) {
      Tensor x = Tensor.randn(rng, shape);
      int b = shape[0];
      int h = shape[2];
      int whole = b * 30 * h;
      Tensor gOut = Tensor.randn(rng, b, 28, h);
      Tensor gLast = Tensor.randn(rng, b, 1, h);
      Tensor gMiddle = Tensor.randn(rng, b, 30, h / 2);
      String at = java.util.Arrays.toString(shape);
      assertPassSameOnPoisonedPool(
          "outputs of " + at, () -> pass(t -> t[0].slice(1, 0, 28), gOut, x), whole, b * 28 * h);
      assertPassSameOnPoisonedPool(
          "last step of " + at, () -> pass(t -> t[0].slice(1, 28, 29), gLast, x), whole);
      assertPassSameOnPoisonedPool(
          "middle of the last dimension of " + at,
          () -> pass(t -> t[0].slice(2, h / 4, h / 4 + h / 2), gMiddle, x),
          whole,
          b * 30 * h / 2);
    }
  }
}
