package crema.data;

import crema.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Operations on whole datasets: random and stratified splits, class subsampling. */
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
    int[] sizes = sizes(dataset.size(), fractions);
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

  /**
   * Splits like {@link #randomSplit(Dataset, long, double...)} but per class, so every part keeps
   * the class proportions of the whole (stratified), which matters for imbalanced data. Within each
   * class the sizes are rounded as in {@code randomSplit}; each part is then shuffled.
   */
  public static List<Subset> stratifiedSplit(Dataset dataset, long seed, double... fractions) {
    int[] labels = dataset.labels();
    int k = 0;
    for (int l : labels) {
      k = Math.max(k, l + 1);
    }
    Rng rng = new Rng(seed);
    List<List<Integer>> parts = new ArrayList<>();
    for (int p = 0; p < fractions.length; p++) {
      parts.add(new ArrayList<>());
    }
    for (int c = 0; c < k; c++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == c) {
          members.add(i);
        }
      }
      if (members.isEmpty()) {
        continue;
      }
      // The same rounding rule as randomSplit, applied to this class alone.
      int[] perm = rng.permutation(members.size());
      int[] sizes = sizes(members.size(), fractions);
      int start = 0;
      for (int p = 0; p < sizes.length; p++) {
        for (int j = start; j < start + sizes[p]; j++) {
          parts.get(p).add(members.get(perm[j]));
        }
        start += sizes[p];
      }
    }
    List<Subset> out = new ArrayList<>();
    for (List<Integer> part : parts) {
      int[] idx = new int[part.size()];
      int[] order = rng.permutation(idx.length);
      for (int i = 0; i < idx.length; i++) {
        idx[i] = part.get(order[i]);
      }
      out.add(new Subset(dataset, idx));
    }
    return out;
  }

  /**
   * Keeps a random fraction of each class, e.g. {@code {1, 1, 1, 0.05, ...}} to make class 3 rare:
   * the way to build an imbalanced-data demo from a balanced set.
   *
   * <pre>{@code
   * float[] keep = new float[10];
   * Arrays.fill(keep, 1f);
   * keep[3] = 0.05f;                                   // 5% of the dresses
   * Subset imbalanced = Datasets.subsampleClasses(FashionMnist.train(), keep, 42);
   * }</pre>
   */
  public static Subset subsampleClasses(Dataset dataset, float[] keepFraction, long seed) {
    int[] labels = dataset.labels();
    Rng rng = new Rng(seed);
    int[] perm = rng.permutation(labels.length);
    int[] total = new int[keepFraction.length];
    for (int l : labels) {
      if (l >= keepFraction.length) {
        throw new IllegalArgumentException(
            "subsampleClasses: label "
                + l
                + " but only "
                + keepFraction.length
                + " fractions given");
      }
      total[l]++;
    }
    int[] quota = new int[keepFraction.length];
    for (int c = 0; c < quota.length; c++) {
      if (!(keepFraction[c] >= 0 && keepFraction[c] <= 1)) {
        throw new IllegalArgumentException(
            "subsampleClasses: fraction for class "
                + c
                + " is "
                + keepFraction[c]
                + ", not in [0, 1]");
      }
      quota[c] = Math.round(total[c] * keepFraction[c]);
    }
    List<Integer> kept = new ArrayList<>();
    for (int i : perm) {
      if (quota[labels[i]] > 0) {
        quota[labels[i]]--;
        kept.add(i);
      }
    }
    return new Subset(dataset, kept.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Sizes of the parts of n for the fractions (checked); leftovers go to the first parts. */
  private static int[] sizes(int n, double[] fractions) {
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
    return sizes;
  }
}
