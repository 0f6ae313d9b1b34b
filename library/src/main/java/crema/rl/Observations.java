package crema.rl;

import crema.nn.Module;
import crema.tensor.Tensor;
import java.util.List;

/** Observations as network inputs, and the network's outputs for a single observation. */
final class Observations {
  private Observations() {}

  /** The observations stacked as the rows of a {@code [T, d]} tensor. */
  static Tensor batch(List<float[]> observations) {
    int d = observations.get(0).length;
    float[] x = new float[observations.size() * d];
    for (int t = 0; t < observations.size(); t++) {
      System.arraycopy(observations.get(t), 0, x, t * d, d);
    }
    return Tensor.wrap(x, observations.size(), d);
  }

  /** The network's output row for one observation, without recording a graph. */
  static float[] outputs(Module net, float[] observation) {
    try (var g = Tensor.noGrad()) {
      return net.forward(Tensor.of(observation, 1, observation.length)).toFloatArray();
    }
  }

  /** A {@code [B, 1]} tensor of action indices, for {@code gather(1, ·)}. */
  static Tensor column(int[] actions) {
    float[] idx = new float[actions.length];
    for (int i = 0; i < actions.length; i++) {
      idx[i] = actions[i];
    }
    return Tensor.wrap(idx, actions.length, 1);
  }

  static int argmax(float[] row) {
    int best = 0;
    for (int a = 1; a < row.length; a++) {
      if (row[a] > row[best]) {
        best = a;
      }
    }
    return best;
  }
}
