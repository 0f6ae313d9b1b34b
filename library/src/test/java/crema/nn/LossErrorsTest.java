package crema.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Clear errors for bad input, readable {@code toString}s, and the small worked examples of the
 * Javadoc, recomputed here from their formulas.
 */
class LossErrorsTest {

  private static void assertMessage(Executable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
    }
  }

  @Test
  void elementwiseLossesRejectDifferentShapes() {
    Tensor x = Tensor.zeros(64, 1);
    Tensor y = Tensor.zeros(64);
    assertMessage(() -> new MSELoss().forward(x, y), "MSELoss", "[64, 1]", "[64]");
    assertMessage(() -> new L1Loss().forward(x, y), "L1Loss", "[64, 1]", "[64]");
    assertMessage(() -> new BCEWithLogitsLoss().forward(x, y), "BCEWithLogitsLoss", "[64, 1]");
    assertMessage(() -> new KLDivLoss().forward(x, y), "KLDivLoss", "[64]");
  }

  @Test
  void classIndicesAreChecked() {
    Tensor logits = Tensor.zeros(2, 10);
    assertMessage(
        () -> new CrossEntropyLoss().forward(logits, new int[] {3, 10}),
        "CrossEntropyLoss",
        "target[1] = 10",
        "10 classes",
        "[2, 10]");
    assertMessage(
        () -> new NLLLoss().forward(logits, new int[] {-1, 0}), "NLLLoss", "target[0] = -1");
    assertMessage(
        () -> new CrossEntropyLoss().forward(logits, new int[] {1, 2, 3}),
        "CrossEntropyLoss",
        "[2, 10]",
        "needs 2",
        "got 3");
    assertMessage(
        () -> new CrossEntropyLoss().forward(logits, Tensor.zeros(2, 1)),
        "CrossEntropyLoss",
        "[2]",
        "[2, 1]");
    assertMessage(
        () -> new CrossEntropyLoss().forward(logits, Tensor.of(new float[] {0.5f, 1}, 2)),
        "not an integer");
    assertMessage(
        () -> new MultiMarginLoss().forward(logits, new int[] {0, 11}), "MultiMarginLoss", "11");
    assertMessage(
        () -> new CrossEntropyLoss().withWeight(Tensor.ones(3)).forward(logits, new int[] {0, 1}),
        "class weight",
        "[3]",
        "[10]");
    // the ignore index is allowed
    new CrossEntropyLoss().forward(logits, new int[] {-100, 1});
  }

  @Test
  void otherBadInputs() {
    assertMessage(
        () ->
            new BCELoss()
                .forward(Tensor.of(new float[] {0.5f, 1.5f}, 2), Tensor.of(new float[] {0, 1}, 2)),
        "BCELoss",
        "input[1] = 1.5",
        "sigmoid");
    assertMessage(
        () ->
            new MSLELoss().forward(Tensor.of(new float[] {-1f}, 1), Tensor.of(new float[] {0}, 1)),
        "MSLELoss",
        "input[0] = -1.0");
    assertMessage(() -> new MSELoss(Reduction.BATCHMEAN), "MSELoss", "batchmean", "KLDivLoss");
    assertMessage(() -> new CrossEntropyLoss().withLabelSmoothing(1.5), "label smoothing", "1.5");
    assertMessage(() -> new MultiMarginLoss(3, 1, null, Reduction.MEAN), "p must be 1 or 2");
    assertMessage(
        () ->
            new BCEWithLogitsLoss(Reduction.MEAN, null, Tensor.ones(3))
                .forward(Tensor.zeros(4, 2), Tensor.zeros(4, 2)),
        "pos_weight",
        "[3]",
        "[4, 2]");
  }

  @Test
  void toStringsAreReadable() {
    assertEquals("MSELoss(reduction=mean)", new MSELoss().toString());
    assertEquals("L1Loss(reduction=sum)", new L1Loss(Reduction.SUM).toString());
    assertEquals(
        "CrossEntropyLoss(reduction=mean, weight=[3], label_smoothing=0.1)",
        new CrossEntropyLoss().withWeight(Tensor.ones(3)).withLabelSmoothing(0.1).toString());
    assertEquals(
        "NLLLoss(reduction=none, ignore_index=0)", new NLLLoss(Reduction.NONE, null, 0).toString());
    assertEquals(
        "BCEWithLogitsLoss(reduction=mean, pos_weight=[2])",
        new BCEWithLogitsLoss().withPosWeight(Tensor.ones(2)).toString());
    assertEquals("KLDivLoss(reduction=batchmean)", new KLDivLoss(Reduction.BATCHMEAN).toString());
    assertEquals(
        "HingeEmbeddingLoss(margin=1.0, reduction=mean)", new HingeEmbeddingLoss().toString());
  }

  private static float value(Tensor t) {
    return t.item();
  }

  @Test
  void javadocExamplesHold() {
    Tensor a = Tensor.of(new float[] {1, 2}, 2);
    Tensor b = Tensor.of(new float[] {0, 4}, 2);
    assertEquals(2.5f, value(new MSELoss().forward(a, b)), 1e-6);
    assertEquals(1.5f, value(new L1Loss().forward(a, b)), 1e-6);
    Tensor d = Tensor.of(new float[] {0.5f, 3}, 2);
    assertEquals(1.3125, value(new HuberLoss().forward(d, Tensor.zeros(2))), 1e-6);
    assertEquals(1.3125, value(new SmoothL1Loss().forward(d, Tensor.zeros(2))), 1e-6);
    assertEquals(
        1.0,
        value(
            new MSLELoss()
                .forward(
                    Tensor.of(new float[] {0}, 1), Tensor.of(new float[] {(float) Math.E - 1}, 1))),
        1e-6);
    Tensor y = Tensor.of(new float[] {1, 0}, 2);
    assertEquals(
        -(Math.log(0.8) + Math.log(0.7)) / 2,
        value(new BCELoss().forward(Tensor.of(new float[] {0.8f, 0.3f}, 2), y)),
        1e-6);
    assertEquals(
        (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-1))) / 2,
        value(new BCEWithLogitsLoss().forward(Tensor.of(new float[] {2, -1}, 2), y)),
        1e-6);
    double lse = Math.log(Math.exp(2) + Math.exp(1) + Math.exp(0.1));
    assertEquals(
        lse - 2,
        value(
            new CrossEntropyLoss()
                .forward(Tensor.of(new float[] {2, 1, 0.1f}, 1, 3), new int[] {0})),
        1e-6);
    // unbatched input [C] with one target
    assertEquals(
        lse - 2,
        value(
            new CrossEntropyLoss().forward(Tensor.of(new float[] {2, 1, 0.1f}, 3), new int[] {0})),
        1e-6);
    assertEquals(
        1.2,
        value(
            new NLLLoss()
                .forward(Tensor.of(new float[] {-0.5f, -1.2f, -2.3f}, 1, 3), new int[] {1})),
        1e-6);
    assertEquals(
        0.45,
        value(
            new HingeEmbeddingLoss()
                .forward(
                    Tensor.of(new float[] {0.3f, 0.4f}, 2), Tensor.of(new float[] {1, -1}, 2))),
        1e-6);
    assertEquals(
        0.325,
        value(
            new MultiMarginLoss()
                .forward(Tensor.of(new float[] {0.1f, 0.2f, 0.4f, 0.8f}, 1, 4), new int[] {3})),
        1e-6);
    Tensor logQ = Tensor.of(new float[] {(float) Math.log(0.25), (float) Math.log(0.75)}, 1, 2);
    assertEquals(
        0.5 * Math.log(2) + 0.5 * Math.log(2.0 / 3),
        value(
            new KLDivLoss(Reduction.BATCHMEAN)
                .forward(logQ, Tensor.of(new float[] {0.5f, 0.5f}, 1, 2))),
        1e-6);
  }

  @Test
  void reductionShapesAndStaticForms() {
    Tensor logits = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertArrayEquals(new int[] {}, Losses.crossEntropy(logits, new int[] {0, 2}).shape());
    assertArrayEquals(
        new int[] {2},
        new CrossEntropyLoss(Reduction.NONE).forward(logits, new int[] {0, 2}).shape());
    assertEquals(
        new CrossEntropyLoss().forward(logits, new int[] {0, 2}).item(),
        Losses.nll(logits.logSoftmax(1), new int[] {0, 2}).item(),
        1e-6);
    assertEquals(Reduction.MEAN, new MSELoss().reduction());
  }

  @Test
  void crossEntropyGradientIsSoftmaxMinusOneHot() {
    Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 3).requiresGrad(true);
    new CrossEntropyLoss().forward(x, new int[] {1}).backward();
    double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    float[] g = x.grad().toFloatArray();
    assertEquals(Math.exp(1) / z, g[0], 1e-6);
    assertEquals(Math.exp(2) / z - 1, g[1], 1e-6);
    assertEquals(Math.exp(3) / z, g[2], 1e-6);
  }
}
