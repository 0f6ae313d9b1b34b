package crema.unsupervised;

import static crema.tensor.ReferenceJson.tensor;
import static crema.unsupervised.Reference.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import crema.data.FashionMnist;
import crema.nn.Parameter;
import crema.optim.SGD;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class RbmTest {
  private static final JsonObject REF = Reference.get("rbm");

  /** The RBM of the PyTorch reference (V = 6, H = 4). */
  private static Rbm referenceRbm() {
    var rbm = new Rbm(6, 4, new Rng(0));
    JsonObject p = REF.getAsJsonObject("params");
    rbm.weight.assign(tensor(p.get("weight")));
    rbm.visibleBias.assign(tensor(p.get("visible_bias")));
    rbm.hiddenBias.assign(tensor(p.get("hidden_bias")));
    return rbm;
  }

  @Test
  void freeEnergyAndEnergyMatchPyTorch() {
    Rbm rbm = referenceRbm();
    Tensor v0 = tensor(REF.get("v0"));
    assertClose(tensor(REF.get("free_energy")), rbm.freeEnergy(v0), 1e-5, "F(v)");
    assertClose(tensor(REF.get("energy")), rbm.energy(v0, tensor(REF.get("h"))), 1e-5, "E(v, h)");
  }

  @Test
  void freeEnergyGradientMatchesPyTorchAndFiniteDifferences() {
    Rbm rbm = referenceRbm();
    Tensor v0 = tensor(REF.get("v0"));
    rbm.freeEnergy(v0).sum().backward();
    JsonObject g = REF.getAsJsonObject("grad_sum_free_energy");
    assertClose(tensor(g.get("weight")), rbm.weight.grad(), 1e-5, "dF/dW");
    assertClose(tensor(g.get("visible_bias")), rbm.visibleBias.grad(), 1e-5, "dF/db");
    assertClose(tensor(g.get("hidden_bias")), rbm.hiddenBias.grad(), 1e-5, "dF/dc");
    // Central differences of Σ F(v) on every parameter entry.
    float eps = 1e-2f;
    for (Parameter p : List.of(rbm.weight, rbm.visibleBias, rbm.hiddenBias)) {
      float[] data = p.data();
      float[] grad = p.grad().toFloatArray();
      for (int i = 0; i < data.length; i++) {
        float keep = data[i];
        double up;
        double down;
        try (var ng = Tensor.noGrad()) {
          data[i] = keep + eps;
          up = rbm.freeEnergy(v0).sum().item();
          data[i] = keep - eps;
          down = rbm.freeEnergy(v0).sum().item();
        }
        data[i] = keep;
        assertEquals((up - down) / (2 * eps), grad[i], 2e-3, "finite difference, entry " + i);
      }
    }
  }

  @Test
  void cdGradientIsTheGradientOfTheFreeEnergyGap() {
    Rbm rbm = referenceRbm();
    rbm.cdGradient(tensor(REF.get("v0")), tensor(REF.get("vk")));
    JsonObject g = REF.getAsJsonObject("grad_cd");
    assertClose(tensor(g.get("weight")), rbm.weight.grad(), 1e-5, "CD dW");
    assertClose(tensor(g.get("visible_bias")), rbm.visibleBias.grad(), 1e-5, "CD db");
    assertClose(tensor(g.get("hidden_bias")), rbm.hiddenBias.grad(), 1e-5, "CD dc");
  }

  @Test
  void cdOneUpdateOnAHandComputedExample() {
    // V = 2, H = 1, W = [1, -1], zero biases; data v0 = (1, 0), negative sample vk = (0, 1).
    var rbm = new Rbm(2, 1, new Rng(0));
    rbm.weight.assign(Tensor.of(new float[] {1, -1}, 1, 2));
    Tensor v0 = Tensor.of(new float[] {1, 0}, 1, 2);
    Tensor vk = Tensor.of(new float[] {0, 1}, 1, 2);
    var opt = new SGD(rbm.parameters(), 0.1);
    rbm.cdGradient(v0, vk);
    // p(h|v0) = σ(1) = 0.7310586, p(h|vk) = σ(-1) = 0.2689414.
    // ∂W = p(h|vk)·vk − p(h|v0)·v0 = (−0.7310586, 0.2689414); ∂b = vk − v0; ∂c = 0.2689414 −
    // 0.7310586.
    assertClose(
        Tensor.of(new float[] {-0.7310586f, 0.2689414f}, 1, 2), rbm.weight.grad(), 1e-6, "dW");
    assertClose(Tensor.of(-1f, 1f), rbm.visibleBias.grad(), 1e-6, "db");
    assertClose(Tensor.of(-0.4621172f), rbm.hiddenBias.grad(), 1e-6, "dc");
    opt.step();
    // θ ← θ − 0.1 ∂θ: the data's weight grows, the sample's shrinks.
    assertClose(
        Tensor.of(new float[] {1.0731059f, -1.0268941f}, 1, 2), rbm.weight, 1e-6, "W after");
    assertClose(Tensor.of(0.1f, -0.1f), rbm.visibleBias, 1e-6, "b after");
    assertClose(Tensor.of(0.04621172f), rbm.hiddenBias, 1e-6, "c after");
  }

  @Test
  void aChainAtASharpModeStaysThereAndCdVanishes() {
    // Strong couplings and biases make v = (1, 0) ↔ h = (1, 0) a near-deterministic fixed point.
    var rbm = new Rbm(2, 2, new Rng(0));
    rbm.weight.assign(Tensor.of(new float[] {20, -20, -20, 20}, 2, 2));
    rbm.visibleBias.assign(Tensor.of(-10f, -10f));
    rbm.hiddenBias.assign(Tensor.of(-10f, -10f));
    Tensor v0 = Tensor.of(new float[] {1, 0, 1, 0}, 2, 2);
    double err = rbm.contrastiveDivergence(v0, 3, new Rng(7));
    assertEquals(0, err, 1e-6, "reconstruction of a fixed point");
    assertEquals(0, rbm.weight.grad().abs().max().item(), 1e-4, "CD gradient at a fixed point");
    assertClose(v0, rbm.gibbs(v0, 5, new Rng(8)), 1e-4, "Gibbs chain");
  }

  @Test
  void exactLogPartitionMatchesJointEnumeration() {
    Rbm rbm = referenceRbm();
    double expected = REF.get("log_z").getAsDouble();
    assertEquals(expected, rbm.logPartition(), 1e-4);
    assertEquals(expected, rbm.logPartitionOverVisible(), 1e-4);
    assertEquals(expected, rbm.logPartitionOverHidden(), 1e-4);
    assertEquals(
        REF.get("mean_log_likelihood_vk").getAsDouble(),
        rbm.logLikelihood(tensor(REF.get("vk"))),
        1e-4);
  }

  @Test
  void exactLogLikelihoodRisesUnderCd() {
    // Four 6-bit patterns; the best any model can do is log(1/4) = −1.386 per pattern.
    float[] patterns = {1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1};
    Tensor data = Tensor.of(patterns, 4, 6);
    var rbm = new Rbm(6, 4, new Rng(3));
    double before = rbm.logLikelihood(data);
    assertEquals(-6 * Math.log(2), before, 0.05, "a near-zero RBM is near uniform");
    var opt = new SGD(rbm.parameters(), 0.1, 0.5);
    var rng = new Rng(4);
    Tensor batch = Tensor.cat(List.of(data, data, data, data), 0);
    double[] ll = new double[1001];
    for (int step = 0; step < 1000; step++) {
      opt.zeroGrad();
      rbm.contrastiveDivergence(batch, 1, rng);
      opt.step();
      ll[step + 1] = step % 250 == 249 ? rbm.logLikelihood(data) : Double.NaN;
    }
    // Measured: −4.16 → −2.34 (250 steps) → −2.12 (1000 steps).
    assertTrue(
        ll[250] > before + 1.5, "log-likelihood after 250 CD-1 steps: " + before + " → " + ll[250]);
    assertTrue(ll[1000] > ll[250], "log-likelihood keeps rising: " + ll[250] + " → " + ll[1000]);
    assertTrue(
        ll[1000] > -2.4, "log-likelihood after 1000 steps " + ll[1000] + " (optimum −1.386)");
  }

  @Test
  void reconstructionErrorFallsOnFashionMnist() {
    Tensor x = FashionMnist.train().flatten().x().slice(0, 0, 2000);
    var rbm = new Rbm(784, 64, new Rng(0)).initVisibleBias(x);
    double before = rbm.reconstructionError(x);
    double[] errors = rbm.fit(x, 3, 50, 1, new SGD(rbm.parameters(), 0.05, 0.9), new Rng(1));
    double after = rbm.reconstructionError(x);
    assertTrue(
        errors[2] < errors[0],
        "CD's reconstruction error per epoch " + java.util.Arrays.toString(errors));
    // Measured 0.087 → 0.053.
    assertTrue(after < 0.75 * before, "reconstruction error " + before + " → " + after);
  }

  @Test
  void anInterruptStopsFitAtABatchBoundary() {
    Tensor x = Tensor.rand(new Rng(1), 20, 6);
    var rbm = new Rbm(6, 4, new Rng(0));
    Thread.currentThread().interrupt(); // what the notebook's stop button does
    try {
      var e =
          org.junit.jupiter.api.Assertions.assertThrows(
              java.util.concurrent.CancellationException.class,
              () -> rbm.fit(x, 3, 5, 1, new SGD(rbm.parameters(), 0.1, 0), new Rng(2)));
      assertTrue(e.getMessage().contains("interrupted in epoch 1 of 3"), e.getMessage());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void toLinearIsTheUpPass() {
    var rbm = new Rbm(5, 3, new Rng(1));
    rbm.hiddenBias.assign(Tensor.of(0.5f, -0.2f, 0.1f));
    Tensor v = Tensor.rand(new Rng(2), 4, 5);
    assertClose(rbm.hiddenProbabilities(v), rbm.toLinear().forward(v).sigmoid(), 1e-6, "up pass");
    assertEquals(
        List.of("weight", "visible_bias", "hidden_bias"), List.copyOf(rbm.stateDict().keySet()));
    assertEquals(5 * 3 + 5 + 3, rbm.numParameters());
  }

  @Test
  void badShapesGetClearErrors() {
    var rbm = new Rbm(6, 4, new Rng(0));
    var e = assertThrows(IllegalArgumentException.class, () -> rbm.freeEnergy(Tensor.zeros(2, 5)));
    assertTrue(
        e.getMessage().contains("[N, 6]") && e.getMessage().contains("[2, 5]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> rbm.hiddenProbabilities(Tensor.zeros(2, 1, 2, 3)));
    assertTrue(e.getMessage().contains("flatten"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> rbm.visibleProbabilities(Tensor.zeros(2, 6)));
    assertTrue(e.getMessage().contains("[N, 4]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> rbm.contrastiveDivergence(Tensor.zeros(2, 6), 0, new Rng(0)));
    assertTrue(e.getMessage().contains("k >= 1"), e.getMessage());
    var big = new Rbm(30, 25, new Rng(0));
    var s = assertThrows(IllegalStateException.class, big::logPartition);
    assertTrue(s.getMessage().contains("2^25"), s.getMessage());
  }
}
