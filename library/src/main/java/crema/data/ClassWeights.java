package crema.data;

/**
 * Weights against class imbalance, computed from label counts.
 *
 * <p>{@link #balanced} gives w_c = N / (K · n_c) (scikit-learn's "balanced"): a class with half the
 * average count weighs 2. Pass it to a weighted loss. {@link #sampleWeights} gives each example 1 /
 * n_{y_i}, for a {@link WeightedRandomSampler} that draws every class equally often.
 *
 * <pre>{@code
 * int[] y = {0, 0, 0, 1};
 * ClassWeights.counts(y, 2);     // [3, 1]
 * ClassWeights.balanced(y, 2);   // [0.667, 2.0]
 * }</pre>
 */
public final class ClassWeights {
  private ClassWeights() {}

  /** How many labels fall in each of {@code numClasses} classes. */
  public static int[] counts(int[] labels, int numClasses) {
    int[] c = new int[numClasses];
    for (int i = 0; i < labels.length; i++) {
      int l = labels[i];
      if (l < 0 || l >= numClasses) {
        throw new IllegalArgumentException(
            "ClassWeights: label " + i + " is " + l + ", outside 0.." + (numClasses - 1));
      }
      c[l]++;
    }
    return c;
  }

  /** N / (K · n_c) per class; a class with no examples gets 0. */
  public static float[] balanced(int[] labels, int numClasses) {
    int[] c = counts(labels, numClasses);
    float[] w = new float[numClasses];
    for (int k = 0; k < numClasses; k++) {
      w[k] = c[k] == 0 ? 0f : (float) labels.length / ((float) numClasses * c[k]);
    }
    return w;
  }

  /** 1 / n_{y_i} for every example i. */
  public static float[] sampleWeights(int[] labels) {
    int max = -1;
    for (int l : labels) {
      max = Math.max(max, l);
    }
    int[] c = counts(labels, max + 1);
    float[] w = new float[labels.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = 1f / c[labels[i]];
    }
    return w;
  }
}
