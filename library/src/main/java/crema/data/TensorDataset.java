package crema.data;

import crema.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A dataset held in tensors, like {@code torch.utils.data.TensorDataset}: example {@code i} is row
 * {@code i} of {@code x} with label {@code labels[i]} (classification) or row {@code i} of {@code
 * y} (regression).
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
 * var xor = new TensorDataset(x, new int[] {0, 1, 1, 0});
 * xor.get(1);   // Sample(x [2], label 1)
 * }</pre>
 *
 * <p>Batches are copied row by row out of the backing array, with no per-example objects.
 */
public final class TensorDataset implements Dataset {
  private final Tensor x;
  private final int[] labels;
  private final Tensor y;
  private final List<String> classNames;
  private final int[] sampleShape;
  private final int rowLen;
  private final int yRowLen;

  /** A classification dataset: {@code labels.length == x.size(0)}. */
  public TensorDataset(Tensor x, int[] labels) {
    this(x, Objects.requireNonNull(labels, "labels"), null, List.of());
  }

  /** A dataset with tensor targets: {@code y.size(0) == x.size(0)}. */
  public TensorDataset(Tensor x, Tensor y) {
    this(x, null, Objects.requireNonNull(y, "y"), List.of());
  }

  private TensorDataset(Tensor x, int[] labels, Tensor y, List<String> classNames) {
    this.x = Objects.requireNonNull(x, "x");
    if (x.dim() < 1) {
      throw new IllegalArgumentException(
          "TensorDataset: x must have a batch dimension, got a scalar");
    }
    int n = x.size(0);
    if (labels != null && labels.length != n) {
      throw new IllegalArgumentException(
          "TensorDataset: x "
              + Arrays.toString(x.shape())
              + " has "
              + n
              + " rows but "
              + labels.length
              + " labels");
    }
    if (y != null && (y.dim() < 1 || y.size(0) != n)) {
      throw new IllegalArgumentException(
          "TensorDataset: x "
              + Arrays.toString(x.shape())
              + " and y "
              + Arrays.toString(y.shape())
              + " differ in number of rows");
    }
    if (labels != null) {
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] < 0) {
          throw new IllegalArgumentException(
              "TensorDataset: label " + i + " is " + labels[i] + "; class indices must be >= 0");
        }
      }
    }
    this.labels = labels;
    this.y = y;
    this.classNames = List.copyOf(classNames);
    int[] s = x.shape();
    this.sampleShape = Arrays.copyOfRange(s, 1, s.length);
    this.rowLen = n == 0 ? 0 : x.numel() / n;
    this.yRowLen = y == null || n == 0 ? 0 : y.numel() / n;
  }

  /** The same data with class names, e.g. {@code "T-shirt/top"} for class 0. */
  public TensorDataset withClassNames(List<String> names) {
    return new TensorDataset(x, labels, y, names);
  }

  /**
   * The same data with every input flattened to one dimension: {@code [N, 1, 28, 28] → [N, 784]}.
   */
  public TensorDataset flatten() {
    return reshapeInputs(rowLen);
  }

  /** The same data with every input reshaped to {@code shape} (per example, without batch). */
  public TensorDataset reshapeInputs(int... shape) {
    int[] full = Dataset.prepend(size(), shape);
    return new TensorDataset(x.reshape(full), labels, y, classNames);
  }

  @Override
  public int size() {
    return x.size(0);
  }

  @Override
  public Sample get(int index) {
    Objects.checkIndex(index, size());
    Tensor xi =
        Tensor.wrap(
            Arrays.copyOfRange(x.data(), index * rowLen, (index + 1) * rowLen), sampleShape);
    if (labels != null) {
      return Sample.of(xi, labels[index]);
    }
    int[] ys = y.shape();
    return Sample.of(
        xi,
        Tensor.wrap(
            Arrays.copyOfRange(y.data(), index * yRowLen, (index + 1) * yRowLen),
            Arrays.copyOfRange(ys, 1, ys.length)));
  }

  @Override
  public Batch batch(int[] indices) {
    int n = size();
    float[] xs = new float[indices.length * rowLen];
    float[] src = x.data();
    for (int i = 0; i < indices.length; i++) {
      Objects.checkIndex(indices[i], n);
      System.arraycopy(src, indices[i] * rowLen, xs, i * rowLen, rowLen);
    }
    Tensor bx = Tensor.wrap(xs, Dataset.prepend(indices.length, sampleShape));
    if (labels != null) {
      int[] bl = new int[indices.length];
      for (int i = 0; i < indices.length; i++) {
        bl[i] = labels[indices[i]];
      }
      return new Batch(bx, bl);
    }
    float[] ys = new float[indices.length * yRowLen];
    float[] ysrc = y.data();
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(ysrc, indices[i] * yRowLen, ys, i * yRowLen, yRowLen);
    }
    int[] yShape = y.shape();
    return new Batch(
        bx,
        Tensor.wrap(
            ys, Dataset.prepend(indices.length, Arrays.copyOfRange(yShape, 1, yShape.length))));
  }

  /** All inputs, {@code [N, ...]} (the backing tensor itself: do not modify). */
  public Tensor x() {
    return x;
  }

  /** The tensor targets, or {@code null} for a classification dataset. */
  public Tensor y() {
    return y;
  }

  /** Whether the targets are class indices. */
  public boolean hasLabels() {
    return labels != null;
  }

  @Override
  public int[] labels() {
    if (labels == null) {
      throw new IllegalStateException("TensorDataset has tensor targets, not class indices");
    }
    return labels.clone();
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  /** Number of classes: the class names if given, else the largest label plus one. */
  public int numClasses() {
    if (!classNames.isEmpty()) {
      return classNames.size();
    }
    int max = -1;
    for (int l : labels()) {
      max = Math.max(max, l);
    }
    return max + 1;
  }

  /** The shape of one input, without the batch dimension. */
  public int[] sampleShape() {
    return sampleShape.clone();
  }

  @Override
  public String toString() {
    return "TensorDataset("
        + size()
        + " examples, x "
        + Arrays.toString(sampleShape)
        + (labels != null
            ? ", " + numClasses() + " classes"
            : ", y " + Arrays.toString(Arrays.copyOfRange(y.shape(), 1, y.dim())))
        + ")";
  }
}
