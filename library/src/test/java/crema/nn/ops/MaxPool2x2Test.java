package crema.nn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import crema.tensor.Rng;
import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The 2x2 pooling kernel against the definition: a scan of each window in PyTorch's order with
 * strict comparisons ({@code v > best || isnan(v)}), on random inputs with NaN, ties, signed zeros
 * and odd sizes, for max and min, forward and backward, one thread and several.
 */
class MaxPool2x2Test {

  /** Random values with many ties, zeros of both signs, infinities and NaN. */
  private static float[] awkward(Rng rng, int n) {
    float[] special = {
      0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, -1f
    };
    Tensor r = Tensor.rand(rng, n);
    Tensor pick = Tensor.rand(rng, n);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      float u = pick.data()[i];
      x[i] = u < 0.4f ? special[(int) (r.data()[i] * special.length)] : r.data()[i] * 4 - 2;
    }
    return x;
  }

  /** The scan PyTorch does, window by window: the offset 0..3 of each winner. */
  private static int[] scan(float[] x, int planes, int h, int w, boolean minimum) {
    int oh = h / 2, ow = w / 2;
    int[] win = new int[planes * oh * ow];
    int o = 0;
    for (int p = 0; p < planes; p++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++, o++) {
          int at = p * h * w + 2 * i * w + 2 * j;
          int[] idx = {at, at + 1, at + w, at + w + 1};
          int best = 0;
          for (int k = 1; k < 4; k++) {
            float v = x[idx[k]], b = x[idx[best]];
            if ((minimum ? v < b : v > b) || Float.isNaN(v)) best = k;
          }
          win[o] = best;
        }
      }
    }
    return win;
  }

  @Test
  void forwardAndBackwardFollowTheScan() {
    Rng rng = new Rng(11);
    int[][] sizes = {{1, 2, 2}, {3, 5, 7}, {70, 9, 7}, {64, 28, 28}, {5, 4, 6}, {2, 3, 3}};
    for (boolean minimum : new boolean[] {false, true}) {
      for (int[] s : sizes) {
        int planes = s[0], h = s[1], w = s[2];
        float[] x = awkward(rng, planes * h * w);
        int n = planes * (h / 2) * (w / 2);
        float[] out = new float[n];
        byte[] winner = new byte[n];
        MaxPool2x2.forward(x, planes, h, w, minimum, out, winner);
        int[] expected = scan(x, planes, h, w, minimum);
        float[] gy = Tensor.randn(rng, Math.max(1, n)).data();
        float[] dx = new float[x.length];
        MaxPool2x2.backward(gy, winner, planes, h, w, dx);
        float[] dxExpected = new float[x.length];
        int o = 0;
        for (int p = 0; p < planes; p++) {
          for (int i = 0; i < h / 2; i++) {
            for (int j = 0; j < w / 2; j++, o++) {
              int k = expected[o];
              int at = p * h * w + (2 * i + (k >> 1)) * w + 2 * j + (k & 1);
              String where = (minimum ? "min" : "max") + " " + s[0] + "x" + h + "x" + w + " @" + o;
              assertEquals(k, winner[o], where);
              // Bit for bit: the sign of a zero and NaN included.
              assertEquals(Float.floatToIntBits(x[at]), Float.floatToIntBits(out[o]), where);
              dxExpected[at] = gy[o];
            }
          }
        }
        assertArrayEquals(dxExpected, dx);
      }
    }
  }

  @Test
  void theFunctionsFastPathMatchesItsGeneralLoop() {
    // The general loop (kernel 2, stride 2, padding 1) over x with one extra row and column in
    // front sees, from output (1, 1) on, exactly the 2x2 windows of x: same values, same winners.
    Rng rng = new Rng(5);
    int n = 3, c = 4, h = 9, w = 6;
    float[] x = awkward(rng, n * c * h * w);
    float[] y = new float[n * c * (h + 1) * (w + 1)];
    for (int p = 0; p < n * c; p++) {
      for (int i = 0; i < h; i++) {
        System.arraycopy(x, (p * h + i) * w, y, (p * (h + 1) + i + 1) * (w + 1) + 1, w);
      }
    }
    Tensor xt = Tensor.of(x, n, c, h, w).requiresGrad(true);
    Tensor yt = Tensor.of(y, n, c, h + 1, w + 1).requiresGrad(true);
    Tensor fast = new MaxPool2dFunction(2, 2, 2, 2, 0, 0, false).apply(xt);
    Tensor general =
        new MaxPool2dFunction(2, 2, 2, 2, 1, 1, false)
            .apply(yt)
            .slice(2, 1, h / 2 + 1)
            .slice(3, 1, w / 2 + 1);
    assertArrayEquals(new int[] {n, c, h / 2, w / 2}, fast.shape());
    float[] f = fast.toFloatArray(), gen = general.toFloatArray();
    for (int i = 0; i < f.length; i++) {
      assertEquals(Float.floatToIntBits(gen[i]), Float.floatToIntBits(f[i]), "output " + i);
    }
    Tensor g = Tensor.randn(rng, fast.shape());
    fast.backward(g);
    general.backward(g);
    Tensor dyInner = yt.grad().slice(2, 1, h + 1).slice(3, 1, w + 1);
    assertArrayEquals(dyInner.toFloatArray(), xt.grad().toFloatArray());
  }
}
