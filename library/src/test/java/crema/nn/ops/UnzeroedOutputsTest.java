package crema.nn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.backend.ArrayPool;
import crema.nn.F;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The convolution's and the pooling's outputs come from the pool without being zeroed, because
 * their kernels write every element. If one ever stopped doing so, an output would keep what the
 * array held before: here NaN, placed in the pool on purpose, so that any element left unwritten
 * shows up in the comparison with the same op on freshly allocated arrays.
 */
class UnzeroedOutputsTest {
  @AfterEach
  void emptyPool() {
    ArrayPool.clear();
  }

  /** Gives the pool arrays of {@code length} floats full of NaN. */
  private static void poisonPool(int length) {
    ArrayPool.clear();
    for (int i = 0; i < 4; i++) {
      float[] a = new float[length];
      Arrays.fill(a, Float.NaN);
      ArrayPool.give(a);
    }
  }

  private static void assertSameOnPoisonedPool(String what, int outLength, Supplier<Tensor> op) {
    ArrayPool.setEnabled(false);
    float[] fresh;
    try {
      fresh = op.get().toFloatArray();
    } finally {
      ArrayPool.setEnabled(true);
    }
    poisonPool(outLength);
    long before = ArrayPool.pooledBytes();
    float[] reused = op.get().toFloatArray();
    assertTrue(
        ArrayPool.pooledBytes() < before, what + ": the output was not one of the poisoned arrays");
    assertArrayEquals(fresh, reused, what + " left elements unwritten");
  }

  @Test
  void convolutionWritesEveryOutput() {
    Rng rng = new Rng(5);
    Tensor x = Tensor.randn(rng, 6, 2, 17, 15);
    Tensor w = Tensor.randn(rng, 4, 2, 3, 3);
    Tensor b = Tensor.randn(rng, 4);
    // [6, 4, 17, 15] with padding 1, and [6, 4, 8, 7] with stride 2 and no padding (the pool keeps
    // arrays of 1,024 floats or more).
    assertSameOnPoisonedPool("conv2d, padding 1", 6 * 4 * 17 * 15, () -> F.conv2d(x, w, b, 1, 1));
    assertSameOnPoisonedPool("conv2d, stride 2", 6 * 4 * 8 * 7, () -> F.conv2d(x, w, b, 2, 0));
  }

  @Test
  void groupedConvolutionWritesEveryOutput() {
    Rng rng = new Rng(6);
    Tensor x = Tensor.randn(rng, 4, 4, 8, 8);
    Tensor w = Tensor.randn(rng, 6, 2, 3, 3);
    assertSameOnPoisonedPool(
        "conv2d, 2 groups", 4 * 6 * 8 * 8, () -> F.conv2d(x, w, null, 1, 1, 1, 2));
  }

  @Test
  void poolingWritesEveryOutput() {
    Rng rng = new Rng(7);
    // Odd sizes: the 2x2 kernel drops the last row and column, the general one pads.
    Tensor x = Tensor.randn(rng, 4, 8, 17, 15);
    assertSameOnPoisonedPool("maxPool2d 2x2", 4 * 8 * 8 * 7, () -> F.maxPool2d(x, 2));
    assertSameOnPoisonedPool(
        "maxPool2d 3x3, stride 2, padding 1", 4 * 8 * 9 * 8, () -> F.maxPool2d(x, 3, 2, 1));
  }
}
