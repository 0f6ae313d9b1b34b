package crema.data;

import crema.tensor.Rng;
import java.util.Arrays;

/**
 * Draws example indices with probability proportional to their weights, like {@code
 * torch.utils.data.WeightedRandomSampler}. With weights from {@link ClassWeights#sampleWeights},
 * rare classes are drawn as often as common ones.
 *
 * <pre>{@code
 * float[] w = ClassWeights.sampleWeights(train.labels());
 * var loader = new DataLoader(train, 64).sampler(new WeightedRandomSampler(w, train.size(), true, 7));
 * }</pre>
 *
 * <p>P(i) = w_i / Σ w. Drawing is by binary search in the cumulative weights (O(log n) per draw).
 * Without replacement, each index appears at most once (and weights decide the order).
 */
public final class WeightedRandomSampler implements Sampler {
  private final double[] cumulative;
  private final int numSamples;
  private final boolean replacement;
  private final float[] weights;
  private final Rng rng;

  public WeightedRandomSampler(float[] weights, int numSamples, boolean replacement, long seed) {
    this(weights, numSamples, replacement, new Rng(seed));
  }

  public WeightedRandomSampler(float[] weights, int numSamples, boolean replacement, Rng rng) {
    this.weights = weights.clone();
    this.cumulative = new double[weights.length];
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      if (!(weights[i] >= 0) || Float.isInfinite(weights[i])) {
        throw new IllegalArgumentException(
            "WeightedRandomSampler: weight "
                + i
                + " is "
                + weights[i]
                + "; weights must be finite and >= 0");
      }
      total += weights[i];
      cumulative[i] = total;
    }
    if (total <= 0) {
      throw new IllegalArgumentException("WeightedRandomSampler: all weights are 0");
    }
    if (!replacement && numSamples > weights.length) {
      throw new IllegalArgumentException(
          "WeightedRandomSampler: "
              + numSamples
              + " samples without replacement from only "
              + weights.length
              + " weights");
    }
    this.numSamples = numSamples;
    this.replacement = replacement;
    this.rng = rng;
  }

  @Override
  public int[] indices(int datasetSize) {
    if (datasetSize != weights.length) {
      throw new IllegalArgumentException(
          "WeightedRandomSampler: "
              + weights.length
              + " weights for a dataset of "
              + datasetSize
              + " examples");
    }
    int[] out = new int[numSamples];
    if (replacement) {
      double total = cumulative[cumulative.length - 1];
      for (int i = 0; i < numSamples; i++) {
        double u = rng.nextFloat() * total;
        int k = Arrays.binarySearch(cumulative, u);
        k = k >= 0 ? k + 1 : -k - 1;
        // Skip zero-weight entries that share a cumulative value with their neighbour.
        while (k < cumulative.length - 1 && weights[k] == 0) {
          k++;
        }
        out[i] = Math.min(k, cumulative.length - 1);
      }
      return out;
    }
    // Without replacement: Efraimidis–Spirakis keys u^(1/w), largest first.
    Integer[] order = new Integer[weights.length];
    double[] key = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      order[i] = i;
      double u = Math.max(rng.nextFloat(), 1e-12);
      key[i] = weights[i] == 0 ? Double.NEGATIVE_INFINITY : Math.log(u) / weights[i];
    }
    Arrays.sort(order, (a, b) -> Double.compare(key[b], key[a]));
    for (int i = 0; i < numSamples; i++) {
      out[i] = order[i];
    }
    return out;
  }

  @Override
  public int length(int datasetSize) {
    return numSamples;
  }

  @Override
  public String toString() {
    return "WeightedRandomSampler("
        + weights.length
        + " weights, "
        + numSamples
        + " samples, "
        + (replacement ? "with" : "without")
        + " replacement)";
  }
}
