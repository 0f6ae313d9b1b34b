package crema.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The course slides' worked examples, done with tensors and autograd (exact values). */
class SeedExamplesTest {
  /** Slides 001: a perceptron layer, x = (6, 4, 5), biases w0 = (2, 2). */
  @Test
  void perceptronLayerOfSlides001() {
    Tensor x = Tensor.of(new float[] {6, 4, 5}, 1, 3);
    Tensor w = Tensor.of(new float[][] {{-2, 0.5f}, {2, -3}, {1, 1}}); // rows: inputs 1..3
    Tensor b = Tensor.of(2, 2);
    Tensor z = x.matmul(w).add(b);
    assertArrayEquals(new float[] {3, -2}, z.data()); // 2-12+8+5 and 2+3-12+5
    assertArrayEquals(new float[] {3, 0}, z.relu().data());
  }

  /**
   * Slides 002: x = (0, 1, 2, 3); layer 1 (relu) gives (2, 10, 6), layer 2 (relu) gives relu(-6) =
   * relu(-8) = 0, and the output is sigmoid(-1) = 0.2689. Weights are listed bias first.
   */
  @Test
  void denseForwardPassOfSlides002() {
    Tensor x = Tensor.of(new float[] {0, 1, 2, 3}, 1, 4);
    Tensor w1 = Tensor.of(new float[][] {{1, 0, 1, 0}, {1, 2, 1, 2}, {1, 1, 1, 1}}); // [out, in]
    Tensor b1 = Tensor.of(0, 0, 0);
    Tensor w2 = Tensor.of(new float[][] {{-2, 1, -2}, {1, -1, 0}});
    Tensor b2 = Tensor.of(0, 0);
    Tensor w3 = Tensor.of(new float[][] {{-3, 2}});
    Tensor b3 = Tensor.of(-1);
    for (Tensor p : new Tensor[] {w1, b1, w2, b2, w3, b3}) {
      p.requiresGrad(true);
    }
    Tensor y1 = x.matmul(w1.t()).add(b1).relu();
    assertArrayEquals(new float[] {2, 10, 6}, y1.data());
    Tensor z2 = y1.matmul(w2.t()).add(b2);
    assertArrayEquals(new float[] {-6, -8}, z2.data());
    Tensor y3 = z2.relu().matmul(w3.t()).add(b3).sigmoid();
    assertEquals(0.26894142f, y3.item(), 1e-7f);
    // Backward: both layer-2 units are dead (relu'(z) = 0), so only the output bias learns.
    y3.sum().backward();
    float s = 0.26894142f * (1 - 0.26894142f); // sigmoid'(-1)
    assertEquals(s, b3.grad().item(), 1e-7f);
    assertArrayEquals(new float[] {0, 0}, w3.grad().data());
    assertArrayEquals(new float[6], w2.grad().data());
    assertArrayEquals(new float[12], w1.grad().data());
  }

  /**
   * Slides 003/001: linear regression in matrix form, {@code J(w) = mean((Xw - y)^2)}, has the
   * gradient {@code 2/m X^T (Xw - y)}; one step {@code w <- w - eta dJ/dw}.
   */
  @Test
  void gradientDescentStepMatchesTheClosedForm() {
    Rng rng = new Rng(3);
    int m = 8;
    int n = 3;
    Tensor xs = Tensor.randn(rng, m, n);
    Tensor ys = Tensor.randn(rng, m, 1);
    Tensor w = Tensor.randn(rng, n, 1).requiresGrad(true);
    Tensor j = xs.matmul(w).sub(ys).pow(2).mean();
    j.backward();
    float[] x = xs.data();
    float[] y = ys.data();
    float[] wv = w.data();
    for (int k = 0; k < n; k++) {
      double g = 0;
      for (int i = 0; i < m; i++) {
        double r = -y[i];
        for (int c = 0; c < n; c++) {
          r += (double) x[i * n + c] * wv[c];
        }
        g += 2.0 / m * x[i * n + k] * r;
      }
      assertEquals(g, w.grad().data()[k], 1e-5 * Math.max(1, Math.abs(g)));
    }
    float eta = 0.1f;
    Tensor stepped;
    try (NoGrad ng = Tensor.noGrad()) {
      stepped = w.sub(w.grad().mul(eta));
    }
    Tensor j2 = xs.matmul(stepped).sub(ys).pow(2).mean();
    assertTrue(j2.item() < j.item(), "a small step downhill lowers the loss");
  }
}
