package crema.xai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.nn.Flatten;
import crema.nn.Linear;
import crema.nn.ReLU;
import crema.nn.Sequential;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ExplainabilityTest {
  /** A linear model with known weights: f(x) = w·x + b. */
  private static Linear linear(float[] w, float b) {
    Linear m = new Linear(w.length, 1);
    m.weight.assign(Tensor.of(w, 1, w.length));
    m.bias.assign(Tensor.of(new float[] {b}, 1));
    return m;
  }

  @Test
  void kernelShapEqualsTheExactShapleyValuesOfALinearModel() {
    float[] w = {2f, -1f, 0.5f, 3f};
    Linear model = linear(w, 0.7f);
    Tensor background = Tensor.randn(new Rng(1), 20, 4);
    Tensor x = Tensor.of(new float[] {1f, 2f, -1f, 0.5f}, 4);
    var shap = new KernelShap(r -> model.forward(r).reshape(-1), background);
    double[] phi = shap.explain(x, 0, new Rng(2));
    float[] mean = background.mean(0, false).toFloatArray();
    for (int i = 0; i < 4; i++) {
      // Closed form for a linear model with independent features: w_i (x_i − E[x_i]).
      assertEquals(w[i] * (x.data()[i] - mean[i]), phi[i], 1e-4, "feature " + i);
    }
    double sum = 0;
    for (double p : phi) sum += p;
    assertEquals(model.forward(x.reshape(1, 4)).item() - shap.expectedValue(), sum, 1e-4);
  }

  @Test
  void sampledKernelShapApproachesTheExactValuesForManyFeatures() {
    int m = 16;
    float[] w = new float[m];
    for (int i = 0; i < m; i++) w[i] = (i % 3) - 1f + 0.1f * i;
    Linear model = linear(w, 0f);
    Tensor background = Tensor.zeros(1, m);
    Tensor x = Tensor.ones(m);
    double[] phi =
        new KernelShap(r -> model.forward(r).reshape(-1), background).explain(x, 3000, new Rng(3));
    for (int i = 0; i < m; i++) assertEquals(w[i], phi[i], 1e-3, "feature " + i);
  }

  @Test
  void integratedGradientsAreCompleteAndExactForLinearModels() {
    Rng.manualSeed(5);
    var mlp = new Sequential(new Linear(6, 16), new ReLU(), new Linear(16, 3));
    Tensor x = Tensor.randn(new Rng(6), 1, 6);
    Attribution a = IntegratedGradients.attribute(mlp, x, Tensor.zeros(1, 6), 2, 256);
    assertArrayEquals(x.shape(), a.values().shape());
    assertTrue(
        a.completenessError() < 1e-2 * Math.max(1, Math.abs(a.scoreDelta())),
        "completeness error " + a.completenessError() + " for Δ " + a.scoreDelta());

    float[] w = {1f, -2f, 3f};
    Attribution lin =
        IntegratedGradients.attribute(linear(w, 1f), Tensor.ones(1, 3), Tensor.zeros(1, 3), 0, 4);
    assertArrayEquals(w, lin.values().toFloatArray(), 1e-6f);
    assertEquals(0, lin.completenessError(), 1e-5);
  }

  @Test
  void saliencyOfALinearModelIsTheAbsoluteWeight() {
    Linear m = linear(new float[] {0.5f, -2f, 0f}, 0f);
    Tensor s = Saliency.of(m, Tensor.randn(new Rng(7), 1, 3), 0);
    assertArrayEquals(new float[] {0.5f, 2f, 0f}, s.toFloatArray(), 1e-6f);
    Tensor smooth = Saliency.smoothGrad(m, Tensor.randn(new Rng(7), 1, 3), 0, 8, 0.1, new Rng(8));
    assertArrayEquals(new float[] {0.5f, 2f, 0f}, smooth.toFloatArray(), 1e-6f);
  }

  /** A 2-class "image model" that looks only at the top-left 4×4 block of an 8×8 image. */
  private static Sequential topLeftDetector() {
    var fc = new Linear(64, 2);
    float[] w = new float[128];
    for (int i = 0; i < 4; i++)
      for (int j = 0; j < 4; j++)
        w[64 + i * 8 + j] = 0.1f; // small enough not to saturate the softmax
    fc.weight.assign(Tensor.of(w, 2, 64));
    fc.bias.fill(0f);
    return new Sequential(new Flatten(), fc);
  }

  @Test
  void occlusionFindsTheRegionTheModelLooksAt() {
    Tensor image = Tensor.ones(1, 1, 8, 8);
    Tensor map = Occlusion.attribute(topLeftDetector(), image, 1, 2, 2, 0f);
    assertArrayEquals(new int[] {8, 8}, map.shape());
    assertTrue(map.get(1, 1) > 0.01f, "occluding the watched region lowers p(class 1)");
    assertEquals(0f, map.get(6, 6), 1e-6f, "the rest does not matter");
  }

  @Test
  void limeRanksTheWatchedSuperpixelFirst() {
    Tensor image = Tensor.ones(1, 1, 8, 8);
    int[] seg = Segmentation.grid(8, 8, 4); // four quadrants, top-left is segment 0
    LimeExplanation e = Lime.explain(topLeftDetector(), image, 1, seg, 200, 0f, new Rng(9));
    assertEquals(0, e.topSegments(1)[0]);
    assertTrue(
        e.weights()[0] > 10 * Math.abs(e.weights()[3]), java.util.Arrays.toString(e.weights()));
    assertEquals(16f, e.mask(1).sum().item(), 0f);
  }

  @Test
  void slicFollowsAnEdge() {
    float[] px = new float[16 * 16];
    for (int i = 0; i < 16; i++) for (int j = 8; j < 16; j++) px[i * 16 + j] = 1f;
    int[] seg = Segmentation.slic(Tensor.of(px, 1, 16, 16), 4, 0.1, 5);
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 16; j++) {
        for (int q = 0; q < 16; q++) {
          if (seg[i * 16 + j] == seg[i * 16 + q]) {
            assertEquals(px[i * 16 + j], px[i * 16 + q], "a segment crosses the edge in row " + i);
          }
        }
      }
    }
  }

  @Test
  void badInputsGetClearErrors() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Occlusion.attribute(topLeftDetector(), Tensor.ones(2, 1, 8, 8), 1, 2, 2, 0f));
    assertTrue(e.getMessage().contains("[2, 1, 8, 8]"), e.getMessage());
    var t =
        assertThrows(
            IllegalArgumentException.class,
            () -> Saliency.of(topLeftDetector(), Tensor.ones(1, 1, 8, 8), 5));
    assertTrue(t.getMessage().contains("class 5"), t.getMessage());
  }
}
