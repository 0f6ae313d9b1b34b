package crema.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
  /** 10 examples of shape [2, 3]; example i holds the value i everywhere; label i % 3. */
  static TensorDataset tiny(int n) {
    float[] x = new float[n * 6];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      Arrays.fill(x, i * 6, i * 6 + 6, i);
      y[i] = i % 3;
    }
    return new TensorDataset(Tensor.of(x, n, 2, 3), y);
  }

  static List<Integer> ids(Iterable<Batch> loader) {
    List<Integer> out = new ArrayList<>();
    for (Batch b : loader) {
      float[] d = b.x().data();
      for (int i = 0; i < b.size(); i++) {
        out.add((int) d[i * 6]);
        assertEquals((int) d[i * 6] % 3, b.labels()[i]);
      }
    }
    return out;
  }

  @Test
  void shapesIncludingLastPartialBatch() {
    DataLoader dl = new DataLoader(tiny(10), 4);
    assertEquals(3, dl.size());
    List<int[]> shapes = new ArrayList<>();
    for (Batch b : dl) {
      shapes.add(b.x().shape());
      assertEquals(b.size(), b.labels().length);
    }
    assertEquals(3, shapes.size());
    assertArrayEquals(new int[] {4, 2, 3}, shapes.get(0));
    assertArrayEquals(new int[] {4, 2, 3}, shapes.get(1));
    assertArrayEquals(new int[] {2, 2, 3}, shapes.get(2));
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), ids(dl));
  }

  @Test
  void dropLastDropsThePartialBatch() {
    DataLoader dl = new DataLoader(tiny(10), 4).dropLast(true);
    assertEquals(2, dl.size());
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), ids(dl));
  }

  @Test
  void seededShuffleIsReproducibleAndCoversEveryExampleOnce() {
    DataLoader a = new DataLoader(tiny(50), 8).shuffle(42);
    DataLoader b = new DataLoader(tiny(50), 8).shuffle(42);
    List<Integer> a1 = ids(a);
    List<Integer> a2 = ids(a);
    assertEquals(a1, ids(b));
    assertEquals(a2, ids(b));
    assertFalse(a1.equals(a2), "each epoch draws a new order");
    List<Integer> sorted = new ArrayList<>(a1);
    sorted.sort(null);
    for (int i = 0; i < 50; i++) {
      assertEquals(i, sorted.get(i));
    }
    assertFalse(ids(new DataLoader(tiny(50), 8).shuffle(7)).equals(a1));
  }

  @Test
  void prefetchAndSynchronousLoadingAgree() {
    List<Integer> p = ids(new DataLoader(tiny(33), 5).shuffle(3));
    List<Integer> s = ids(new DataLoader(tiny(33), 5).shuffle(3).prefetch(false));
    assertEquals(p, s);
  }

  @Test
  void everyBatchHasItsOwnBuffers() {
    List<Batch> kept = new ArrayList<>();
    new DataLoader(tiny(12), 4).forEach(kept::add);
    assertNotSame(kept.get(0).x().data(), kept.get(1).x().data());
    // Holding earlier batches while later ones load must not change them.
    assertEquals(0f, kept.get(0).x().data()[0]);
    assertEquals(4f, kept.get(1).x().data()[0]);
    assertEquals(8f, kept.get(2).x().data()[0]);
  }

  @Test
  void errorsInLoadingReachTheConsumer() {
    Dataset broken =
        tiny(10)
            .transform(
                x -> {
                  throw new IllegalStateException("bad transform");
                });
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new DataLoader(broken, 4).forEach(b -> {}));
    assertTrue(e.getMessage().contains("bad transform"), e.getMessage());
  }

  @Test
  void abandonedIterationDoesNotBlockTheNextEpoch() {
    DataLoader dl = new DataLoader(tiny(100), 2);
    for (Batch b : dl) {
      break;
    }
    assertEquals(100, ids(dl).size());
  }

  @Test
  void regressionTargetsAreBatchedAsTensors() {
    TensorDataset d = Playground.regression(10, 0.1, 1);
    Batch b = new DataLoader(d, 4).iterator().next();
    assertArrayEquals(new int[] {4, 1}, b.y().shape());
    assertFalse(b.hasLabels());
    assertThrows(IllegalStateException.class, b::labels);
  }

  @Test
  void genericDatasetsAreStacked() {
    Dataset d = tiny(7).transform(x -> x.mul(2f));
    Batch b = new DataLoader(d, 7).iterator().next();
    assertArrayEquals(new int[] {7, 2, 3}, b.x().shape());
    assertEquals(12f, b.x().data()[6 * 6]);
  }

  @Test
  void seededAugmentationThroughThePrefetchingLoaderIsReproducible() {
    TensorDataset imgs = Playground.blobs(64, 2, 64, 1.0, 3).reshapeInputs(1, 8, 8);
    java.util.function.LongFunction<DataLoader> make =
        seed ->
            new DataLoader(
                    imgs.transform(
                        new Compose(
                            new RandomRotation(15, seed),
                            new RandomHorizontalFlip(0.5, seed + 1),
                            new GaussianNoise(0.05, seed + 2))),
                    16)
                .shuffle(seed);
    DataLoader a = make.apply(9);
    DataLoader b = make.apply(9);
    for (int epoch = 0; epoch < 2; epoch++) {
      var ia = a.iterator();
      var ib = b.iterator();
      while (ia.hasNext()) {
        Batch ba = ia.next();
        Batch bb = ib.next();
        assertArrayEquals(ba.x().data(), bb.x().data());
        assertArrayEquals(ba.labels(), bb.labels());
      }
    }
    assertFalse(
        Arrays.equals(
            make.apply(9).iterator().next().x().data(),
            make.apply(10).iterator().next().x().data()));
  }

  @Test
  void badArgumentsAreNamed() {
    assertThrows(IllegalArgumentException.class, () -> new DataLoader(tiny(3), 0));
  }
}
