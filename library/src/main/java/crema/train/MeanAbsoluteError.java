package crema.train;

import crema.data.Batch;
import crema.tensor.Tensor;

/**
 * Mean absolute error for regression: MAE = (1/n) Σ |ŷ_i − y_i| over all target values.
 *
 * <pre>{@code
 * new MeanAbsoluteError();   // "mae"
 * }</pre>
 */
public final class MeanAbsoluteError implements Metric {
  private double sum;
  private long count;

  @Override
  public String name() {
    return "mae";
  }

  @Override
  public void reset() {
    sum = 0;
    count = 0;
  }

  @Override
  public void update(Tensor output, Batch batch) {
    float[][] py = Regression.pair(output, batch, "MeanAbsoluteError");
    for (int i = 0; i < py[0].length; i++) {
      sum += Math.abs(py[0][i] - py[1][i]);
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
    return "MeanAbsoluteError";
  }
}
