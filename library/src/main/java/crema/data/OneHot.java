package crema.data;

import crema.tensor.Tensor;

/**
 * One-hot encoding of class indices: label k of K classes becomes a vector with 1 at k and 0
 * elsewhere, like {@code torch.nn.functional.one_hot}.
 *
 * <pre>{@code
 * OneHot.encode(new int[] {2, 0}, 3);   // [[0, 0, 1], [1, 0, 0]]
 * Dataset d = OneHot.targets(Playground.blobs(100, 1), 3);   // tensor targets [3]
 * }</pre>
 */
public final class OneHot {
  private OneHot() {}

  /** A {@code [N, numClasses]} tensor. */
  public static Tensor encode(int[] labels, int numClasses) {
    float[] out = new float[labels.length * numClasses];
    for (int i = 0; i < labels.length; i++) {
      check(labels[i], numClasses, i);
      out[i * numClasses + labels[i]] = 1f;
    }
    return Tensor.wrap(out, labels.length, numClasses);
  }

  /** A {@code [numClasses]} tensor. */
  public static Tensor encode(int label, int numClasses) {
    check(label, numClasses, 0);
    float[] out = new float[numClasses];
    out[label] = 1f;
    return Tensor.wrap(out, numClasses);
  }

  /** The dataset with each class index replaced by its one-hot vector (e.g. for MSE losses). */
  public static Dataset targets(Dataset source, int numClasses) {
    return new Dataset() {
      @Override
      public int size() {
        return source.size();
      }

      @Override
      public Sample get(int index) {
        Sample s = source.get(index);
        return Sample.of(s.x(), encode(s.label(), numClasses));
      }

      @Override
      public int[] labels() {
        return source.labels();
      }

      @Override
      public java.util.List<String> classNames() {
        return source.classNames();
      }

      @Override
      public String toString() {
        return "OneHot(" + numClasses + ") targets of " + source;
      }
    };
  }

  private static void check(int label, int k, int i) {
    if (label < 0 || label >= k) {
      throw new IllegalArgumentException(
          "OneHot: label " + i + " is " + label + ", outside 0.." + (k - 1));
    }
  }
}
