package crema.train;

import crema.data.Batch;
import crema.tensor.Tensor;
import java.util.Arrays;

/** Reads model outputs for the metrics: argmax of logits and shape checks. */
final class Outputs {
  private Outputs() {}

  /** Row-wise argmax of {@code [B, K]} scores (logits or probabilities). */
  static int[] argmax(Tensor output, String metric) {
    int[] s = output.shape();
    if (s.length != 2) {
      throw new IllegalArgumentException(
          metric + ": expects class scores [batch, classes], got " + Arrays.toString(s));
    }
    int b = s[0];
    int k = s[1];
    float[] v = output.data();
    int[] out = new int[b];
    for (int i = 0; i < b; i++) {
      int best = 0;
      float bv = v[i * k];
      for (int j = 1; j < k; j++) {
        if (v[i * k + j] > bv) {
          bv = v[i * k + j];
          best = j;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /** The batch's class labels, checked against the output's batch size. */
  static int[] labels(Tensor output, Batch batch, String metric) {
    if (!batch.hasLabels()) {
      throw new IllegalArgumentException(
          metric + ": needs class labels, the batch has tensor targets");
    }
    int[] l = batch.labels();
    if (output.dim() == 0 || output.size(0) != l.length) {
      throw new IllegalArgumentException(
          metric + ": output " + Arrays.toString(output.shape()) + " for " + l.length + " labels");
    }
    return l;
  }
}
