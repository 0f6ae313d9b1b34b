package crema.nn;

import static crema.nn.Fixtures.assertClose;
import static crema.tensor.ReferenceJson.tensor;
import static crema.tensor.ReferenceJson.tensors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import crema.tensor.GradCheck;
import crema.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The sequence, attention and up-sampling layers against PyTorch: each case loads PyTorch's
 * state_dict by its own key names (which checks our names and layouts), runs the same inputs, and
 * compares outputs and the gradients of {@code Σ output·w} for inputs and parameters. Values come
 * from {@code /crema/models/make_reference.py}.
 */
class SequenceLayersReferenceTest {
  private static final JsonObject CASES =
      Fixtures.json("/crema/models/reference.json").getAsJsonObject("cases");
  private static final double ATOL = 2e-5;
  private static final double RTOL = 1e-4;

  /** Runs one case: {@code run} maps the inputs to named outputs. */
  private static void check(
      String name, Module m, Function<Map<String, Tensor>, Map<String, Tensor>> run) {
    JsonObject c = CASES.getAsJsonObject(name);
    m.loadStateDict(tensors(c.getAsJsonObject("params")));
    Map<String, Tensor> inputs = tensors(c.getAsJsonObject("inputs"));
    JsonObject inputGrads = c.getAsJsonObject("input_grads");
    for (var e : inputs.entrySet()) {
      if (inputGrads.has(e.getKey())) e.getValue().requiresGrad(true);
    }
    Map<String, Tensor> outputs = run.apply(inputs);
    Tensor loss = null;
    for (var e : tensors(c.getAsJsonObject("outputs")).entrySet()) {
      Tensor actual = outputs.get(e.getKey());
      assertClose(e.getValue(), actual, ATOL, RTOL, name + " " + e.getKey());
      JsonObject weights = c.getAsJsonObject("loss_weights");
      if (weights.has(e.getKey())) {
        Tensor term = actual.mul(tensor(weights.get(e.getKey()))).sum();
        loss = loss == null ? term : loss.add(term);
      }
    }
    loss.backward();
    for (var e : tensors(inputGrads).entrySet()) {
      assertClose(
          e.getValue(), inputs.get(e.getKey()).grad(), ATOL, RTOL, name + " d/d" + e.getKey());
    }
    Map<String, Parameter> params = m.namedParameters();
    for (var e : tensors(c.getAsJsonObject("param_grads")).entrySet()) {
      assertClose(
          e.getValue(), params.get(e.getKey()).grad(), ATOL, RTOL, name + " d/d" + e.getKey());
    }
  }

  private static Map<String, Tensor> recurrentOutputs(RecurrentOutput r) {
    var out = new LinkedHashMap<String, Tensor>();
    out.put("output", r.output());
    out.put("h_n", r.hN());
    if (r.cN() != null) out.put("c_n", r.cN());
    return out;
  }

  private static void recurrent(String name, Recurrent m) {
    check(name, m, in -> recurrentOutputs(m.forwardWithState(in.get("x"))));
  }

  @Test
  void rnn() {
    recurrent("RNN_l1_bi0", new RNN(3, 4));
    recurrent("RNN_l2_bi1", new RNN(3, 4, 2, true, "tanh"));
    recurrent("RNN_relu", new RNN(3, 4, 1, false, "relu"));
  }

  @Test
  void lstm() {
    recurrent("LSTM_l1_bi0", new LSTM(3, 4));
    recurrent("LSTM_l2_bi1", new LSTM(3, 4, 2, true));
    LSTM m = new LSTM(3, 4);
    check(
        "LSTM_init_state",
        m,
        in -> recurrentOutputs(m.forward(in.get("x"), in.get("h0"), in.get("c0"), null)));
  }

  @Test
  void gru() {
    recurrent("GRU_l1_bi0", new GRU(3, 4));
    recurrent("GRU_l2_bi1", new GRU(3, 4, 2, true));
  }

  @Test
  void embeddingWithPadding() {
    Embedding m = new Embedding(6, 3, 0);
    check("Embedding", m, in -> Map.of("output", m.forward(in.get("index"))));
    assertEquals(0f, m.weight.grad().data()[0], "the padding row gets no gradient");
  }

  @Test
  void layerNorm() {
    LayerNorm m = new LayerNorm(5);
    check("LayerNorm", m, in -> Map.of("output", m.forward(in.get("x"))));
  }

  @Test
  void multiheadAttentionWithMasksAndPerHeadWeights() {
    MultiheadAttention m = new MultiheadAttention(8, 2);
    boolean[][] padding = {{false, false, false, true}, {false, false, false, false}};
    check(
        "MHA_self_masks",
        m,
        in -> {
          Tensor x = in.get("x");
          AttentionOutput a = m.forward(x, x, x, padding, true, false);
          return Map.of("output", a.output(), "weights_per_head", a.weights());
        });
    MultiheadAttention cross = new MultiheadAttention(8, 2);
    check(
        "MHA_cross_avg",
        cross,
        in -> {
          AttentionOutput a =
              cross.forward(in.get("q"), in.get("kv"), in.get("kv"), null, false, true);
          return Map.of("output", a.output(), "weights_avg", a.weights());
        });
  }

  @Test
  void transformerEncoderLayerPostAndPreNorm() {
    for (int normFirst = 0; normFirst <= 1; normFirst++) {
      var m = new TransformerEncoderLayer(8, 2, 16, 0.0, normFirst == 1);
      m.eval();
      check(
          "TransformerEncoderLayer_normfirst" + normFirst,
          m,
          in -> Map.of("output", m.forward(in.get("x"))));
      Tensor att = m.lastAttention();
      assertEquals(4, att.dim());
    }
  }

  @Test
  void convTranspose2d() {
    var m = new ConvTranspose2d(2, 3, 3, 2, 1, 1);
    check("ConvTranspose2d", m, in -> Map.of("output", m.forward(in.get("x"))));
  }

  @Test
  void upsample() {
    for (String mode : new String[] {"nearest", "bilinear"}) {
      var m = new Upsample(2, mode);
      check("Upsample_" + mode, m, in -> Map.of("output", m.forward(in.get("x"))));
    }
  }

  @Test
  void finiteDifferences() {
    var lstm = new LSTM(2, 3);
    GradCheck.check("lstm", in -> lstm.forward(in[0]), Tensor.randn(2, 3, 2));
    var ct = new ConvTranspose2d(2, 2, 3, 2, 1, 1);
    GradCheck.check("conv_transpose2d", in -> ct.forward(in[0]), Tensor.randn(1, 2, 3, 3));
    var up = new Upsample(2, "bilinear");
    GradCheck.check("upsample", in -> up.forward(in[0]), Tensor.randn(1, 1, 3, 3));
    var ln = new LayerNorm(4);
    GradCheck.check("layer_norm", in -> ln.forward(in[0]), Tensor.randn(3, 4));
  }

  @Test
  void variableLengthsKeepTheStateOfTheLastValidStep() {
    var lstm = new LSTM(2, 3);
    Tensor x = Tensor.randn(2, 4, 2);
    RecurrentOutput padded = lstm.forward(x, null, null, new int[] {2, 4});
    RecurrentOutput shortOnly = lstm.forwardWithState(x.slice(0, 0, 1).slice(1, 0, 2));
    assertClose(shortOnly.hN().reshape(3), padded.hN().slice(1, 0, 1).reshape(3), 1e-6, 0, "h_n");
    float[] pad = padded.output().slice(0, 0, 1).slice(1, 2, 4).toFloatArray();
    for (float v : pad) assertEquals(0f, v, 0f, "padded steps output zeros");
  }

  @Test
  void shapeErrorsNameTheLayerAndShapes() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> new LSTM(3, 4).forward(Tensor.zeros(2, 5, 7)));
    assertTrue(
        e.getMessage().contains("LSTM(3→4)") && e.getMessage().contains("[2, 5, 7]"),
        e.getMessage());
    var a =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MultiheadAttention(8, 2).forward(Tensor.zeros(1, 3, 6)));
    assertTrue(a.getMessage().contains("[1, 3, 6]"), a.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(8, 3));
    var emb =
        assertThrows(
            IndexOutOfBoundsException.class, () -> new Embedding(4, 2).forward(new int[][] {{5}}));
    assertTrue(emb.getMessage().contains("index 5"), emb.getMessage());
  }

  @Test
  void positionalEncodingsNameThemselvesAndTheShape() {
    var pe =
        assertThrows(
            IllegalArgumentException.class,
            () -> new PositionalEncoding(8, 4).forward(Tensor.zeros(1, 5, 8)));
    assertTrue(
        pe.getMessage().startsWith("PositionalEncoding(") && pe.getMessage().contains("[1, 5, 8]"),
        pe.getMessage());
    var lpe =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LearnedPositionalEncoding(4, 8).forward(Tensor.zeros(1, 3, 6)));
    assertTrue(
        lpe.getMessage().startsWith("LearnedPositionalEncoding(")
            && lpe.getMessage().contains("[1, 3, 6]"),
        lpe.getMessage());
    Tensor codes = new PositionalEncoding(8, 4).forward(Tensor.zeros(1, 3, 8));
    assertEquals(1f, codes.get(0, 0, 1), 1e-6f, "PE[0, 1] = cos(0)");
    assertEquals((float) Math.sin(1), codes.get(0, 1, 0), 1e-6f, "PE[1, 0] = sin(1)");
  }

  @Test
  void residualNetworkShapesAndNames() {
    Sequential net = ResNet.small(1, 10, 8, 16);
    Tensor y = net.forward(Tensor.randn(2, 1, 28, 28));
    assertEquals(java.util.List.of(2, 10), java.util.Arrays.stream(y.shape()).boxed().toList());
    assertTrue(
        net.stateDict().containsKey("4.shortcut.0.weight"), net.stateDict().keySet().toString());
    assertTrue(net.toString().contains("ResidualBlock"), net.toString());
  }
}
