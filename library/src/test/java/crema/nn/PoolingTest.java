package crema.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.tensor.Rng;
import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Pooling details beyond the PyTorch reference cases: NaN, the 2x2 fast path, big batches. */
class PoolingTest {

  @Test
  void nanWinsItsWindowAsInPyTorch() {
    float nan = Float.NaN;
    Tensor x =
        Tensor.of(new float[] {1, nan, 3, 4, 5, 6, 7, 8, nan, 1, 2, 3, 4, 5, 6, 7}, 1, 1, 4, 4);
    assertTrue(Float.isNaN(F.maxPool2d(x, 2).toFloatArray()[0]));
    assertTrue(Float.isNaN(F.maxPool2d(x, 2).toFloatArray()[2]));
    assertTrue(Float.isNaN(F.minPool2d(x, 2).toFloatArray()[0]));
    assertEquals(3f, F.minPool2d(x, 2).toFloatArray()[1]);
    // The general loop (padding 1): window (0, 0) holds only x[0, 0]; window (0, 1) holds the NaN.
    float[] padded = F.maxPool2d(x, 2, 2, 1).toFloatArray();
    assertEquals(1f, padded[0]);
    assertTrue(Float.isNaN(padded[1]));
  }

  @Test
  void fastPathAgreesWithTheGeneralLoop() {
    Tensor x = Tensor.randn(new Rng(3), 70, 3, 9, 7); // odd sizes: the last row and column drop
    // kernel 2, stride 2 takes the fast path; the same windows as a general kernel-2 pooling of a
    // tensor padded by one and sliced equal a general-path result.
    Tensor fast = F.maxPool2d(x, 2);
    Tensor general = F.maxPool2d(x, 2, 2, 1).slice(2, 1, 5).slice(3, 1, 4);
    Tensor shifted = F.maxPool2d(x.slice(2, 1, 9).slice(3, 1, 7), 2);
    assertArrayEquals(shifted.toFloatArray(), general.toFloatArray());
    assertArrayEquals(new int[] {70, 3, 4, 3}, fast.shape());
    Tensor min = F.minPool2d(x, 2);
    assertArrayEquals(F.maxPool2d(x.neg(), 2).neg().toFloatArray(), min.toFloatArray());
  }
}
