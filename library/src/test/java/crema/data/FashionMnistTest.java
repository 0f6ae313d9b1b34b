package crema.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
  @TempDir Path tmp;

  @Test
  void realFilesGive60000And10000ImagesWithBalancedClasses() {
    assumeTrue(
        Files.isDirectory(FashionMnist.DEBIAN_DIR), "dataset-fashion-mnist is not installed");
    TensorDataset train = FashionMnist.train(FashionMnist.DEBIAN_DIR);
    TensorDataset test = FashionMnist.test(FashionMnist.DEBIAN_DIR);
    assertEquals(60_000, train.size());
    assertEquals(10_000, test.size());
    assertArrayEquals(new int[] {60_000, 1, 28, 28}, train.x().shape());
    int[] six = new int[10];
    Arrays.fill(six, 6000);
    assertArrayEquals(six, ClassWeights.counts(train.labels(), 10));
    int[] one = new int[10];
    Arrays.fill(one, 1000);
    assertArrayEquals(one, ClassWeights.counts(test.labels(), 10));
    assertEquals("Ankle boot", test.classNames().get(test.labels()[0]));
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    double sum = 0;
    for (float v : train.x().data()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
    // The published training-set pixel mean of Fashion-MNIST is 0.2860.
    assertEquals(0.2860, sum / train.x().numel(), 5e-4);
    TensorDataset flat = test.flatten();
    assertArrayEquals(new int[] {784}, flat.get(0).x().shape());
    assertArrayEquals(test.get(5).x().data(), flat.get(5).x().data());
  }

  @Test
  void missingFilesNameTheDebianPackage() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> FashionMnist.train(tmp.resolve("none")));
    assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
    assertTrue(e.getMessage().contains(FashionMnist.ENV), e.getMessage());
  }

  @Test
  void otherIdxSetsLoadFromADirectory() throws Exception {
    Files.write(tmp.resolve("train-images-idx3-ubyte"), IdxTest.ubyteFile(3, 2, 2));
    byte[] labels = IdxTest.ubyteFile(3);
    Files.write(tmp.resolve("train-labels-idx1-ubyte.gz"), IdxTest.gzip(labels));
    TensorDataset d = IdxDataset.load(tmp, "train", java.util.List.of());
    assertArrayEquals(new int[] {3, 1, 2, 2}, d.x().shape());
    assertArrayEquals(new int[] {0, 1, 2}, d.labels());
    assertEquals(7 / 255f, d.get(1).x().data()[3], 1e-7);
  }

  @Test
  void mismatchedImageAndLabelCountsAreReported() throws Exception {
    Files.write(tmp.resolve("train-images-idx3-ubyte"), IdxTest.ubyteFile(3, 2, 2));
    Files.write(tmp.resolve("train-labels-idx1-ubyte"), IdxTest.ubyteFile(4));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> IdxDataset.load(tmp, "train", java.util.List.of()));
    assertTrue(e.getMessage().contains("3 images"), e.getMessage());
  }
}
