package crema.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import crema.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TransformsTest {
  /** A 1×3×4 image with values 0..11, row-major. */
  static Tensor img() {
    float[] v = new float[12];
    for (int i = 0; i < 12; i++) {
      v[i] = i;
    }
    return Tensor.of(v, 1, 3, 4);
  }

  @Test
  void flipsMirrorExactly() {
    Tensor h = new RandomHorizontalFlip(1.0, 1).apply(img());
    assertArrayEquals(new float[] {3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8}, h.data());
    Tensor v = new RandomVerticalFlip(1.0, 1).apply(img());
    assertArrayEquals(new float[] {8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3}, v.data());
    assertArrayEquals(img().data(), new RandomHorizontalFlip(0.0, 1).apply(img()).data());
  }

  @Test
  void rotationByNinetyDegreesMovesPixelsExactly() {
    float[] v = new float[9];
    for (int i = 0; i < 9; i++) {
      v[i] = i + 1;
    }
    Tensor sq = Tensor.of(v, 1, 3, 3);
    // Counter-clockwise on screen: the top row [1 2 3] becomes the left column, read bottom-up.
    Tensor r = RandomRotation.rotate(sq, Math.PI / 2);
    float[] expected = {3, 6, 9, 2, 5, 8, 1, 4, 7};
    float[] got = r.data();
    for (int i = 0; i < 9; i++) {
      assertEquals(expected[i], got[i], 1e-5, "pixel " + i + " of " + Arrays.toString(got));
    }
    assertArrayEquals(sq.data(), RandomRotation.rotate(sq, 0).data(), 1e-6f);
  }

  @Test
  void seededAugmentationsAreReproducible() {
    Tensor x = Tensor.of(new float[3 * 8 * 8], 3, 8, 8);
    float[] d = x.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (i * 37 % 101) / 101f;
    }
    Transform[] a = pipeline(11);
    Transform[] b = pipeline(11);
    Transform[] c = pipeline(12);
    boolean anyDiffers = false;
    for (int t = 0; t < a.length; t++) {
      for (int rep = 0; rep < 3; rep++) {
        Tensor ya = a[t].apply(x);
        assertArrayEquals(x.shape(), ya.shape());
        assertArrayEquals(ya.data(), b[t].apply(x).data(), a[t].toString());
        anyDiffers |= !Arrays.equals(ya.data(), c[t].apply(x).data());
      }
    }
    assertFalse(!anyDiffers, "another seed gives other augmentations");
  }

  static Transform[] pipeline(long seed) {
    return new Transform[] {
      new RandomRotation(20, seed),
      new RandomTranslation(0.2, seed),
      new RandomZoom(0.8, 1.2, seed),
      new RandomResizedCrop(0.5, 1.0, seed),
      new GaussianNoise(0.1, seed),
      new Compose(new RandomHorizontalFlip(0.5, seed), new RandomVerticalFlip(0.5, seed + 1))
    };
  }

  @Test
  void translationShiftsContent() {
    // maxFraction 0 is the identity; a shift keeps total mass when the content stays inside.
    Tensor x = img();
    assertArrayEquals(x.data(), new RandomTranslation(0, 3).apply(x).data(), 1e-6f);
  }

  @Test
  void gaussianNoiseHasTheRequestedSpread() {
    Tensor z = Tensor.of(new float[20_000], 20_000);
    float[] n = new GaussianNoise(0.5, 9).apply(z).data();
    double s = 0;
    double s2 = 0;
    for (float v : n) {
      s += v;
      s2 += v * v;
    }
    assertEquals(0, s / n.length, 0.02);
    assertEquals(0.5, Math.sqrt(s2 / n.length), 0.02);
  }

  @Test
  void normalizePerChannel() {
    Tensor x = Tensor.of(new float[] {1, 3, 10, 30}, 2, 1, 2);
    Tensor y = new Normalize(new float[] {2, 20}, new float[] {1, 10}).apply(x);
    assertArrayEquals(new float[] {-1, 1, -1, 1}, y.data(), 1e-6f);
    assertArrayEquals(
        new float[] {0, 1, 2, 3},
        new Normalize(1f, 2f).apply(Tensor.of(new float[] {1, 3, 5, 7}, 4)).data(),
        1e-6f);
    assertThrows(
        IllegalArgumentException.class,
        () -> new Normalize(new float[] {0, 0, 0}, new float[] {1, 1, 1}).apply(x));
  }

  @Test
  void oneHotEncodes() {
    assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, OneHot.encode(new int[] {2, 0}, 3).data());
    assertThrows(IllegalArgumentException.class, () -> OneHot.encode(new int[] {3}, 3));
    Dataset d = OneHot.targets(Playground.blobs(9, 3, 2, 1, 1), 3);
    Batch b = new DataLoader(d, 9).iterator().next();
    assertArrayEquals(new int[] {9, 3}, b.y().shape());
  }

  @Test
  void imagesMustBeImages() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RandomRotation(10, 1).apply(Tensor.of(new float[8], 2, 2, 2, 1)));
    assertEquals(
        true, e.getMessage().contains("RandomRotation") && e.getMessage().contains("[2, 2, 2, 1]"));
  }
}
