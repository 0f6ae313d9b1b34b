package crema.train;

import crema.data.Batch;
import crema.tensor.Tensor;

/**
 * Fraction of examples whose highest-scoring class is the true class: acc = (1/N) Σ 1[argmax ŷ_i =
 * y_i]. Takes logits or probabilities {@code [B, K]}.
 *
 * <pre>{@code
 * new Accuracy();   // "accuracy" in History, "val_accuracy" on the validation set
 * }</pre>
 */
public final class Accuracy implements Metric {
  private long correct;
  private long total;

  @Override
  public String name() {
    return "accuracy";
  }

  @Override
  public void reset() {
    correct = 0;
    total = 0;
  }

  @Override
  public void update(Tensor output, Batch batch) {
    int[] y = Outputs.labels(output, batch, "Accuracy");
    int[] p = Outputs.argmax(output, "Accuracy");
    for (int i = 0; i < y.length; i++) {
      if (p[i] == y[i]) {
        correct++;
      }
    }
    total += y.length;
  }

  @Override
  public double value() {
    return total == 0 ? Double.NaN : (double) correct / total;
  }

  @Override
  public String toString() {
    return "Accuracy";
  }
}
