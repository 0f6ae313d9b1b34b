package crema.train;

import crema.data.Batch;
import crema.tensor.Tensor;
import java.util.Arrays;

/** Shared checks for regression metrics. */
final class Regression {
  private Regression() {}

  /** {prediction values, target values}, same length, else an error naming both shapes. */
  static float[][] pair(Tensor output, Batch batch, String metric) {
    Tensor y = batch.y();
    if (output.numel() != y.numel()) {
      throw new IllegalArgumentException(
          metric
              + ": output "
              + Arrays.toString(output.shape())
              + " and target "
              + Arrays.toString(y.shape())
              + " differ in size");
    }
    return new float[][] {output.data(), y.data()};
  }
}
