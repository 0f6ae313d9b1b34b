package crema.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import crema.nn.BCELoss;
import crema.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The worked example of the course slides (seed 004, "Data: d1 = [0.9, −0.2], y = 0; d2 = [0.75,
 * 0.6], y = 1; learning rate 0.01; optimizer SGD; loss binary cross-entropy"): one sigmoid neuron
 * {@code ŷ = σ(w·d + b)}, one SGD step on the batch of both points. The slides leave the initial
 * weights to the board; we start from zero weights, where everything is computable by hand:
 *
 * <pre>
 *   ŷ₁ = ŷ₂ = σ(0) = 0.5            loss = −(ln 0.5 + ln 0.5) / 2 = ln 2 ≈ 0.6931
 *   ∂L/∂w = ½ Σ (ŷᵢ − yᵢ) dᵢ = ½ (0.5·[0.9, −0.2] − 0.5·[0.75, 0.6]) = [0.0375, −0.2]
 *   ∂L/∂b = ½ Σ (ŷᵢ − yᵢ) = 0
 *   w ← w − 0.01 ∂L/∂w = [−0.000375, 0.002],   b stays 0
 * </pre>
 *
 * and from a non-zero start, where the same formulas are evaluated here in double precision.
 */
class SeedSgdBceExampleTest {
  private static final float[] D = {0.9f, -0.2f, 0.75f, 0.6f};
  private static final float[] Y = {0, 1};

  private static Tensor forward(Tensor w, Tensor b) {
    return Tensor.of(D, 2, 2).matmul(w).add(b).sigmoid(); // [2, 1]
  }

  @Test
  void oneStepFromZeroWeights() {
    Tensor w = Tensor.zeros(2, 1).requiresGrad(true);
    Tensor b = Tensor.zeros(1).requiresGrad(true);
    SGD sgd = new SGD(List.of(w, b), 0.01);
    Tensor loss = new BCELoss().forward(forward(w, b), Tensor.of(Y, 2, 1));
    assertEquals(Math.log(2), loss.item(), 1e-6);
    loss.backward();
    assertArrayEquals(new float[] {0.0375f, -0.2f}, w.grad().toFloatArray(), 1e-6f);
    assertEquals(0f, b.grad().item(), 1e-7f);
    sgd.step();
    assertArrayEquals(new float[] {-0.000375f, 0.002f}, w.toFloatArray(), 1e-8f);
    assertEquals(0f, b.item(), 1e-9f);
    // the loss went down
    assertEquals(
        true, new BCELoss().forward(forward(w, b), Tensor.of(Y, 2, 1)).item() < Math.log(2));
  }

  @Test
  void oneStepFromNonZeroWeights() {
    double[] w0 = {0.5, -0.5};
    double b0 = 0.1;
    double lr = 0.01;
    double[] gw = new double[2];
    double gb = 0;
    double loss = 0;
    for (int i = 0; i < 2; i++) {
      double z = w0[0] * D[2 * i] + w0[1] * D[2 * i + 1] + b0;
      double p = 1 / (1 + Math.exp(-z));
      loss -= (Y[i] * Math.log(p) + (1 - Y[i]) * Math.log(1 - p)) / 2;
      gw[0] += (p - Y[i]) * D[2 * i] / 2;
      gw[1] += (p - Y[i]) * D[2 * i + 1] / 2;
      gb += (p - Y[i]) / 2;
    }
    Tensor w = Tensor.of(new float[] {0.5f, -0.5f}, 2, 1).requiresGrad(true);
    Tensor b = Tensor.of(new float[] {0.1f}, 1).requiresGrad(true);
    SGD sgd = new SGD(List.of(w, b), lr);
    Tensor l = new BCELoss().forward(forward(w, b), Tensor.of(Y, 2, 1));
    assertEquals(loss, l.item(), 1e-6);
    l.backward();
    sgd.step();
    assertEquals(w0[0] - lr * gw[0], w.toFloatArray()[0], 1e-7);
    assertEquals(w0[1] - lr * gw[1], w.toFloatArray()[1], 1e-7);
    assertEquals(b0 - lr * gb, b.item(), 1e-7);
  }
}
