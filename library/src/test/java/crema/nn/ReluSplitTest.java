package crema.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crema.tensor.Rng;
import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * ReLU on a tensor large enough to be split over the cores (a CNN activation): every element,
 * forward and backward, as the definition says, including the chunk borders and exact zeros.
 */
class ReluSplitTest {

  @Test
  void largeTensorsFollowTheDefinitionElementByElement() {
    int n = 3 * (1 << 16) + 17; // several chunks and an uneven end
    float[] v = Tensor.randn(new Rng(9), n).data();
    for (int i = 0; i < n; i += 97) v[i] = 0f;
    Tensor x = Tensor.of(v, n).requiresGrad(true);
    Tensor y = new ReLU().forward(x);
    float[] g = Tensor.randn(new Rng(10), n).data();
    y.backward(Tensor.of(g, n));
    float[] out = y.toFloatArray(), dx = x.grad().toFloatArray();
    for (int i = 0; i < n; i++) {
      assertEquals(Math.max(v[i], 0f), out[i], "forward at " + i);
      assertEquals(v[i] > 0 ? g[i] : 0f, dx[i], "backward at " + i);
    }
  }
}
