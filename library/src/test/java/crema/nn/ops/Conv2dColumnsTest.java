package crema.nn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import crema.tensor.Rng;
import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Backward computes a convolution's columns again from the input it saved, so nothing of them
 * lingers between passes: a second backward over the same graph adds exactly the first one's
 * gradients once more, for the shifted-plane, row-strip and general im2col paths. And a forward
 * without a graph computes the same output as one that records it.
 */
class Conv2dColumnsTest {

  /** {channels, out, kernel, stride, padding, groups}. */
  private static final int[][] CASES = {
    {1, 6, 5, 1, 2, 1}, // LeNet's first: shifted planes
    {6, 16, 5, 1, 0, 1}, // LeNet's second: row strips
    {4, 6, 3, 2, 1, 2}, // stride 2, two groups: general path
  };

  @Test
  void aSecondBackwardAddsTheSameGradientsAgain() {
    Rng rng = new Rng(5);
    for (int[] c : CASES) {
      int[] stride = {c[3], c[3]}, padding = {c[4], c[4]}, dilation = {1, 1};
      Tensor x = Tensor.randn(rng, 3, c[0], 9, 9).requiresGrad(true);
      Tensor w = Tensor.randn(rng, c[1], c[0] / c[5], c[2], c[2]).requiresGrad(true);
      Tensor b = Tensor.randn(rng, c[1]).requiresGrad(true);
      Tensor y = new Conv2dFunction(stride, padding, dilation, c[5]).apply(x, w, b);
      Tensor g = Tensor.randn(rng, y.shape());
      y.backward(g, true); // retainGraph, as PyTorch needs for the second pass below
      float[] dx = x.grad().data().clone(), dw = w.grad().data().clone();
      float[] db = b.grad().data().clone();
      y.backward(g);
      String where = java.util.Arrays.toString(c);
      assertArrayEquals(twice(dw), w.grad().data(), 1e-4f, where + " dW");
      assertArrayEquals(twice(dx), x.grad().data(), 1e-4f, where + " dx");
      assertArrayEquals(twice(db), b.grad().data(), 1e-4f, where + " db");

      Tensor again;
      try (var off = Tensor.noGrad()) {
        again = new Conv2dFunction(stride, padding, dilation, c[5]).apply(x, w, b);
      }
      assertArrayEquals(y.data(), again.data(), 0f, where + " output without a graph");
    }
  }

  @Test
  void theWeightGradientIsTheSameOnEveryRun() {
    // The batch is cut into pieces that the threads take in turn; their partial dW must be added
    // in the same order every time, or a seed would not give the same training run twice.
    Rng rng = new Rng(9);
    Tensor x = Tensor.randn(rng, 64, 6, 14, 14);
    Tensor w = Tensor.randn(rng, 16, 6, 5, 5);
    Tensor b = Tensor.randn(rng, 16);
    Tensor g = Tensor.randn(rng, 64, 16, 10, 10);
    float[] first = null;
    for (int run = 0; run < 20; run++) {
      Tensor wr = w.detach().requiresGrad(true), br = b.detach().requiresGrad(true);
      new Conv2dFunction(new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1)
          .apply(x, wr, br)
          .backward(g);
      if (first == null) {
        first = wr.grad().data().clone();
      } else {
        assertArrayEquals(first, wr.grad().data(), 0f, "run " + run);
      }
    }
  }

  private static float[] twice(float[] a) {
    float[] r = a.clone();
    for (int i = 0; i < r.length; i++) r[i] *= 2;
    return r;
  }
}
