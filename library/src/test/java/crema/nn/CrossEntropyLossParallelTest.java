package crema.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crema.tensor.Rng;
import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A batch large enough to be split over the cores ({@code [300, 200]}, 60k logits) gives, sample by
 * sample, the loss and gradient of the same sample computed alone (on one thread).
 */
class CrossEntropyLossParallelTest {

  @Test
  void largeBatchesMatchSampleBySample() {
    int n = 300;
    int c = 200;
    Rng rng = new Rng(11);
    Tensor logits = Tensor.randn(rng, n, c);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 7 == 0 ? -100 : rng.nextInt(c);
    }
    Tensor weight = Tensor.rand(rng, c).add(0.5f);
    CrossEntropyLoss loss =
        new CrossEntropyLoss(Reduction.NONE, null, -100, 0.0)
            .withWeight(weight)
            .withLabelSmoothing(0.1);
    Tensor x = Tensor.of(logits.toFloatArray(), n, c).requiresGrad(true);
    Tensor all = loss.forward(x, y);
    all.backward(Tensor.onesLike(all));
    float[] perRow = all.toFloatArray();
    float[] grad = x.grad().toFloatArray();
    float[] data = logits.toFloatArray();
    for (int i = 0; i < n; i++) {
      float[] row = new float[c];
      System.arraycopy(data, i * c, row, 0, c);
      Tensor xi = Tensor.of(row, 1, c).requiresGrad(true);
      Tensor li = loss.forward(xi, new int[] {y[i]});
      li.backward(Tensor.onesLike(li));
      assertEquals(li.item(), perRow[i], 1e-6f * Math.max(1, Math.abs(perRow[i])), "loss " + i);
      float[] gi = xi.grad().toFloatArray();
      for (int k = 0; k < c; k++) {
        assertEquals(gi[k], grad[i * c + k], 1e-7f, "grad " + i + "," + k);
      }
    }
  }
}
