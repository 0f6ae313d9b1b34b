package crema.train;

import crema.data.Batch;
import crema.tensor.Tensor;

/**
 * Mean squared error for regression: MSE = (1/n) Σ (ŷ_i − y_i)² over all target values.
 *
 * <pre>{@code
 * new MeanSquaredError();   // "mse"
 * }</pre>
 */
public final class MeanSquaredError implements Metric {
  private double sum;
  private long count;

  @Override
  public String name() {
    return "mse";
  }

  @Override
  public void reset() {
    sum = 0;
    count = 0;
  }

  @Override
  public void update(Tensor output, Batch batch) {
    float[][] py = Regression.pair(output, batch, "MeanSquaredError");
    for (int i = 0; i < py[0].length; i++) {
      double d = py[0][i] - py[1][i];
      sum += d * d;
    }
    count += py[0].length;
  }

  @Override
  public double value() {
    return count == 0 ? Double.NaN : sum / count;
  }

  @Override
  public boolean higherIsBetter() {
    return false;
  }

  @Override
  public String toString() {
    return "MeanSquaredError";
  }
}
