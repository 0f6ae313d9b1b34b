package crema.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetsTest {
  @Test
  void randomSplitSeventyTwentyTen() {
    TensorDataset d = DataLoaderTest.tiny(1001);
    List<Subset> parts = Datasets.randomSplit(d, 42, 0.7, 0.2, 0.1);
    assertEquals(3, parts.size());
    assertEquals(1001, parts.stream().mapToInt(Subset::size).sum());
    assertTrue(Math.abs(parts.get(0).size() - 700.7) < 1.5);
    assertTrue(Math.abs(parts.get(1).size() - 200.2) < 1.5);
    Set<Integer> seen = new HashSet<>();
    for (Subset s : parts) {
      for (int i : s.indices()) {
        assertTrue(seen.add(i), "index " + i + " in two parts");
      }
    }
    assertEquals(1001, seen.size());
    List<Subset> again = Datasets.randomSplit(d, 42, 0.7, 0.2, 0.1);
    assertArrayEquals(parts.get(1).indices(), again.get(1).indices());
    List<Subset> other = Datasets.randomSplit(d, 43, 0.7, 0.2, 0.1);
    assertTrue(!Arrays.equals(parts.get(0).indices(), other.get(0).indices()));
  }

  @Test
  void subsetReadsThroughToItsSource() {
    TensorDataset d = DataLoaderTest.tiny(10);
    Subset s = new Subset(d, new int[] {7, 2});
    assertEquals(7f, s.get(0).x().data()[0]);
    assertArrayEquals(new int[] {1, 2}, s.labels());
    Batch b = s.batch(new int[] {1, 0});
    assertEquals(2f, b.x().data()[0]);
    assertThrows(IndexOutOfBoundsException.class, () -> new Subset(d, new int[] {10}));
  }

  @Test
  void badFractionsAreRejected() {
    TensorDataset d = DataLoaderTest.tiny(10);
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Datasets.randomSplit(d, 1, 0.5, 0.4))
            .getMessage()
            .contains("sum to"));
    assertThrows(IllegalArgumentException.class, () -> Datasets.randomSplit(d, 1, 3, 3));
  }

  @Test
  void classWeightsAndWeightedSampling() {
    int[] y = new int[100];
    for (int i = 90; i < 100; i++) {
      y[i] = 1;
    }
    assertArrayEquals(new int[] {90, 10}, ClassWeights.counts(y, 2));
    float[] w = ClassWeights.balanced(y, 2);
    assertEquals(100f / (2 * 90), w[0], 1e-6);
    assertEquals(100f / (2 * 10), w[1], 1e-6);
    float[] sw = ClassWeights.sampleWeights(y);
    WeightedRandomSampler s = new WeightedRandomSampler(sw, 20_000, true, 5);
    int[] idx = s.indices(100);
    int ones = 0;
    for (int i : idx) {
      ones += y[i];
    }
    assertEquals(0.5, ones / 20_000.0, 0.02);
    assertArrayEquals(idx, new WeightedRandomSampler(sw, 20_000, true, 5).indices(100));
    int[] noRepl = new WeightedRandomSampler(sw, 100, false, 5).indices(100);
    assertEquals(100, Arrays.stream(noRepl).distinct().count());
    DataLoader dl =
        new DataLoader(DataLoaderTest.tiny(100), 10)
            .sampler(new WeightedRandomSampler(sw, 50, true, 1));
    assertEquals(50, DataLoaderTest.ids(dl).size());
  }
}
