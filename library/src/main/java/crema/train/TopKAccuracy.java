package crema.train;

import crema.data.Batch;
import crema.tensor.Tensor;

/**
 * Fraction of examples whose true class is among the k highest scores: a true class counts when
 * fewer than k classes score strictly higher than it.
 *
 * <pre>{@code
 * new TopKAccuracy(5);   // "top5_accuracy"
 * }</pre>
 */
public final class TopKAccuracy implements Metric {
  private final int k;
  private long correct;
  private long total;

  public TopKAccuracy(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("TopKAccuracy: k must be >= 1, got " + k);
    }
    this.k = k;
  }

  @Override
  public String name() {
    return "top" + k + "_accuracy";
  }

  @Override
  public void reset() {
    correct = 0;
    total = 0;
  }

  @Override
  public void update(Tensor output, Batch batch) {
    int[] y = Outputs.labels(output, batch, name());
    Outputs.argmax(output, name()); // shape check
    int classes = output.size(1);
    float[] v = output.data();
    for (int i = 0; i < y.length; i++) {
      if (y[i] >= classes) {
        throw new IllegalArgumentException(
            name() + ": label " + y[i] + " but the output has " + classes + " classes");
      }
      float truth = v[i * classes + y[i]];
      int higher = 0;
      for (int j = 0; j < classes; j++) {
        if (v[i * classes + j] > truth) {
          higher++;
        }
      }
      if (higher < k) {
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
    return "TopKAccuracy(k=" + k + ")";
  }
}
