package crema.data;

import crema.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Operations on whole datasets: splitting. */
public final class Datasets {
  private Datasets() {}

  /**
   * Splits a dataset at random into parts of the given fractions, like {@code
   * torch.utils.data.random_split}. The fractions must sum to 1 (within 1e-6); rounding leftovers
   * go to the first parts, so the sizes always add up to {@code dataset.size()}.
   *
   * <pre>{@code
   * List<Subset> parts = Datasets.randomSplit(data, 42, 0.7, 0.2, 0.1);  // train, val, test
   * }</pre>
   *
   * @param seed the same seed gives the same split
   */
  public static List<Subset> randomSplit(Dataset dataset, long seed, double... fractions) {
    if (fractions.length == 0) {
      throw new IllegalArgumentException("randomSplit: no fractions given");
    }
    double sum = 0;
    for (double f : fractions) {
      if (!(f >= 0)) {
        throw new IllegalArgumentException("randomSplit: fraction " + f + " is negative");
      }
      sum += f;
    }
    if (Math.abs(sum - 1) > 1e-6) {
      throw new IllegalArgumentException(
          "randomSplit: fractions " + Arrays.toString(fractions) + " sum to " + sum + ", not 1");
    }
    int n = dataset.size();
    int[] sizes = new int[fractions.length];
    int assigned = 0;
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = (int) Math.floor(n * fractions[i]);
      assigned += sizes[i];
    }
    for (int i = 0; assigned < n; i = (i + 1) % sizes.length) {
      if (fractions[i] > 0) {
        sizes[i]++;
        assigned++;
      }
    }
    return randomSplit(dataset, seed, sizes);
  }

  /**
   * Splits a dataset at random into parts of exactly the given sizes (they must sum to its size).
   */
  public static List<Subset> randomSplit(Dataset dataset, long seed, int... sizes) {
    int n = dataset.size();
    int total = Arrays.stream(sizes).sum();
    if (total != n) {
      throw new IllegalArgumentException(
          "randomSplit: sizes "
              + Arrays.toString(sizes)
              + " sum to "
              + total
              + " but the dataset has "
              + n
              + " examples");
    }
    int[] perm = new Rng(seed).permutation(n);
    List<Subset> parts = new ArrayList<>();
    int start = 0;
    for (int s : sizes) {
      parts.add(new Subset(dataset, Arrays.copyOfRange(perm, start, start + s)));
      start += s;
    }
    return parts;
  }
}
