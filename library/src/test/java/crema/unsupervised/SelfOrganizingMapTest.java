package crema.unsupervised;

import static crema.tensor.ReferenceJson.tensor;
import static crema.unsupervised.Reference.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SelfOrganizingMapTest {
  private static final JsonObject REF = Reference.get("som");

  @Test
  void kohonenRuleOnAHandComputedExample() {
    // A 1×3 map on a line, prototypes 0, 1, 2; the input 2.5 is won by unit 2.
    var som = SelfOrganizingMap.of(1, 3, Tensor.of(new float[] {0, 1, 2}, 3, 1));
    som.update(Tensor.of(new float[] {2.5f}, 1, 1), 0.5, 1.0);
    // h = exp(−d²/2) = (e^−2, e^−½, 1) = (0.135335, 0.606531, 1); w ← w + 0.5·h·(2.5 − w).
    float[] expected = {0.5f * 0.135335f * 2.5f, 1 + 0.5f * 0.606531f * 1.5f, 2 + 0.5f * 0.5f};
    assertArrayEquals(expected, som.weights().toFloatArray(), 1e-5f);
    assertArrayEquals(new float[] {0.169169f, 1.454898f, 2.25f}, expected, 1e-5f);
  }

  @Test
  void miniBatchUpdateMatchesPyTorch() {
    int rows = REF.get("rows").getAsInt();
    int cols = REF.get("cols").getAsInt();
    var som = SelfOrganizingMap.of(rows, cols, tensor(REF.get("weights")));
    Tensor x = tensor(REF.get("x"));
    int[] best = REF.getAsJsonArray("best").asList().stream().mapToInt(e -> e.getAsInt()).toArray();
    assertArrayEquals(best, som.bestMatchingUnits(x));
    som.update(x, REF.get("lr").getAsDouble(), REF.get("sigma").getAsDouble());
    assertClose(tensor(REF.get("updated")), som.weights(), 1e-5, "updated prototypes");
    Tensor probe = tensor(REF.get("probe"));
    assertEquals(REF.get("quantization_error").getAsDouble(), som.quantizationError(probe), 1e-5);
    assertEquals(REF.get("topographic_error").getAsDouble(), som.topographicError(probe), 1e-9);
    assertClose(tensor(REF.get("u_matrix")), som.uMatrix(), 1e-5, "U-matrix");
  }

  @Test
  void errorsOfAHandMadeMap() {
    // A badly ordered 1×3 map: prototypes 0, 10, 1 (units 0 and 2 are close in data space, far on
    // the grid).
    var som = SelfOrganizingMap.of(1, 3, Tensor.of(new float[] {0, 10, 1}, 3, 1));
    Tensor x = Tensor.of(new float[] {0.4f, 9f, 1.2f}, 3, 1);
    // 0.4: best 0 (0.4), second 2 → 2 cells apart: an error. 9: best 1 (1.0), second 2: neighbours.
    // 1.2: best 2 (0.2), second 0 → an error.
    assertArrayEquals(new int[] {0, 1, 2}, som.bestMatchingUnits(x));
    assertEquals((0.4 + 1.0 + 0.2) / 3, som.quantizationError(x), 1e-6);
    assertEquals(2.0 / 3, som.topographicError(x), 1e-9);
    // U-matrix: unit 0 → |0 − 10| = 10; unit 1 → (10 + 9)/2; unit 2 → 9.
    assertArrayEquals(new float[] {10, 9.5f, 9}, som.uMatrix().toFloatArray(), 1e-5f);
    // Diagonal grid neighbours count as neighbours.
    var square = SelfOrganizingMap.of(2, 2, Tensor.of(new float[] {0, 5, 5, 1}, 4, 1));
    assertEquals(0, square.topographicError(Tensor.of(new float[] {0.4f}, 1, 1)), 1e-9);
  }

  @Test
  void anInterruptStopsTrainingAtABatchBoundary() {
    Tensor line = Tensor.rand(new Rng(1), 100, 1);
    var som = new SelfOrganizingMap(1, 4, 1, new Rng(2)).initFromSamples(line, new Rng(3));
    float[] before = som.weights().toFloatArray();
    Thread.currentThread().interrupt(); // what the notebook's stop button does
    try {
      var e =
          assertThrows(
              java.util.concurrent.CancellationException.class,
              () -> som.fit(line, 5, 10, new Rng(4)));
      assertTrue(e.getMessage().contains("interrupted in epoch 1 of 5"), e.getMessage());
    } finally {
      Thread.interrupted();
    }
    assertArrayEquals(before, som.weights().toFloatArray(), "no half-done update");
  }

  @Test
  void trainingOrdersALineAndCoversASquare() {
    // A 1-D map on points of [0, 1]: after training its prototypes are sorted along the grid.
    Tensor line = Tensor.rand(new Rng(1), 500, 1);
    var chain = new SelfOrganizingMap(1, 8, 1, new Rng(2)).initFromSamples(line, new Rng(3));
    chain.learningRate(0.5, 0.05).sigma(3, 0.5).fit(line, 20, 10, new Rng(4));
    float[] w = chain.weights().toFloatArray();
    boolean up = true;
    boolean down = true;
    for (int i = 1; i < w.length; i++) {
      up &= w[i] > w[i - 1];
      down &= w[i] < w[i - 1];
    }
    assertTrue(
        up || down, "prototypes along the chain are monotone: " + java.util.Arrays.toString(w));
    // A 6×6 map on the unit square: low topographic error, and better cover than random samples.
    Tensor square = Tensor.rand(new Rng(5), 2000, 2);
    var random = new SelfOrganizingMap(6, 6, 2, new Rng(6)).initFromSamples(square, new Rng(7));
    var som = new SelfOrganizingMap(6, 6, 2, new Rng(6)).initFromSamples(square, new Rng(7));
    som.learningRate(0.5, 0.05).sigma(3, 0.3).fit(square, 10, 32, new Rng(8));
    assertTrue(
        som.topographicError(square) < 0.1, "topographic error " + som.topographicError(square));
    // Measured 0.070 vs 0.088: random samples already cover a uniform square fairly well.
    assertTrue(
        som.quantizationError(square) < 0.9 * random.quantizationError(square),
        "quantisation error "
            + som.quantizationError(square)
            + " vs random "
            + random.quantizationError(square));
    assertEquals(2000, (int) som.hitMap(square).sum().item());
  }

  @Test
  void unitLabelsVoteByMajority() {
    var som = SelfOrganizingMap.of(1, 2, Tensor.of(new float[] {0, 10}, 2, 1));
    Tensor x = Tensor.of(new float[] {0, 1, 2, 9}, 4, 1);
    assertArrayEquals(new int[] {1, 2}, som.unitLabels(x, new int[] {1, 1, 0, 2}, 3));
    assertArrayEquals(new int[] {0, -1}, som.unitLabels(x.slice(0, 0, 1), new int[] {0}, 3));
  }

  @Test
  void badInputGetsClearErrors() {
    var som = new SelfOrganizingMap(3, 3, 4, new Rng(0));
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> som.quantizationError(Tensor.zeros(5, 3)));
    assertTrue(
        e.getMessage().contains("[N, 4]") && e.getMessage().contains("[5, 3]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> som.learningRate(1.5, 0.1));
    assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> som.prototypes(3, 3));
    assertTrue(e.getMessage().contains("dim 9"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> SelfOrganizingMap.of(2, 2, Tensor.zeros(3, 4)));
    assertTrue(e.getMessage().contains("[4, dim]"), e.getMessage());
  }
}
