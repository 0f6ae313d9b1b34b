package crema.data;

import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * A collection of examples addressed by index, like {@code torch.utils.data.Dataset}: {@link
 * #size()} and {@link #get(int)}. A {@link DataLoader} turns it into mini-batches.
 *
 * <pre>{@code
 * Dataset train = FashionMnist.train();
 * train.size();         // 60000
 * train.get(0).x();     // [1, 28, 28]
 * }</pre>
 *
 * <p>Implementations with their data in one array (such as {@link TensorDataset}) override {@link
 * #batch(int[])} to copy whole rows at once; the default stacks {@link #get(int)} results.
 */
public interface Dataset {
  /** Number of examples. */
  int size();

  /** The example at {@code index}, 0 ≤ index &lt; size(). */
  Sample get(int index);

  /**
   * The class index of every example, for class weights, samplers and stratified work. The default
   * reads every example; array-backed datasets answer without loading inputs.
   */
  default int[] labels() {
    int[] out = new int[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = get(i).label();
    }
    return out;
  }

  /** Class names by index, or an empty list when the dataset has none. */
  default java.util.List<String> classNames() {
    return java.util.List.of();
  }

  /**
   * This dataset with {@code transform} applied to every input when it is read (lazily, so random
   * augmentation gives new variants every epoch).
   */
  default Dataset transform(Transform transform) {
    return new TransformedDataset(this, transform);
  }

  /**
   * The examples at {@code indices} stacked into one batch. All inputs (and tensor targets) must
   * have the same shape.
   */
  default Batch batch(int[] indices) {
    if (indices.length == 0) {
      throw new IllegalArgumentException("batch: no indices");
    }
    Sample first = get(indices[0]);
    int[] xShape = first.x().shape();
    int xLen = first.x().numel();
    float[] xs = new float[indices.length * xLen];
    boolean labelled = first.hasLabel();
    int[] labels = labelled ? new int[indices.length] : null;
    int[] yShape = labelled ? null : first.y().shape();
    int yLen = labelled ? 0 : first.y().numel();
    float[] ys = labelled ? null : new float[indices.length * yLen];
    for (int i = 0; i < indices.length; i++) {
      Sample s = i == 0 ? first : get(indices[i]);
      if (s.x().numel() != xLen || !Arrays.equals(s.x().shape(), xShape)) {
        throw new IllegalArgumentException(
            "batch: example "
                + indices[i]
                + " has shape "
                + Arrays.toString(s.x().shape())
                + " but example "
                + indices[0]
                + " has "
                + Arrays.toString(xShape)
                + "; resize the inputs to one shape (e.g. ImageFolder.resize)");
      }
      System.arraycopy(s.x().data(), 0, xs, i * xLen, xLen);
      if (labelled) {
        labels[i] = s.label();
      } else {
        if (s.y().numel() != yLen) {
          throw new IllegalArgumentException(
              "batch: target of example "
                  + indices[i]
                  + " has shape "
                  + Arrays.toString(s.y().shape())
                  + ", expected "
                  + Arrays.toString(yShape));
        }
        System.arraycopy(s.y().data(), 0, ys, i * yLen, yLen);
      }
    }
    Tensor x = Tensor.wrap(xs, prepend(indices.length, xShape));
    return labelled
        ? new Batch(x, labels)
        : new Batch(x, Tensor.wrap(ys, prepend(indices.length, yShape)));
  }

  /** Shape {@code [n, rest...]}. */
  static int[] prepend(int n, int[] rest) {
    int[] s = new int[rest.length + 1];
    s[0] = n;
    System.arraycopy(rest, 0, s, 1, rest.length);
    return s;
  }
}
