package crema.data;

import crema.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A mini-batch from a {@link DataLoader}: inputs {@code x} with the batch as first dimension, and
 * the targets, as class indices ({@link #labels()}, which losses such as {@code CrossEntropyLoss}
 * accept directly) or as a tensor ({@link #y()}).
 *
 * <pre>{@code
 * for (Batch b : loader) {
 *   Tensor logits = model.forward(b.x());          // x: [64, 1, 28, 28]
 *   Tensor loss = lossFn.forward(logits, b.labels());
 * }
 * }</pre>
 *
 * <p>Every batch owns fresh arrays: the loader never reuses a buffer a batch may still refer to.
 */
public final class Batch {
  private final Tensor x;
  private final Tensor y;
  private final int[] labels;

  /** A classification batch; {@code labels.length} must equal {@code x.size(0)}. */
  public Batch(Tensor x, int[] labels) {
    this.x = Objects.requireNonNull(x, "x");
    this.labels = Objects.requireNonNull(labels, "labels");
    if (x.dim() == 0 || x.size(0) != labels.length) {
      throw new IllegalArgumentException(
          "Batch: x "
              + Arrays.toString(x.shape())
              + " does not match "
              + labels.length
              + " labels");
    }
    this.y = null;
  }

  /** A batch with tensor targets; {@code y.size(0)} must equal {@code x.size(0)}. */
  public Batch(Tensor x, Tensor y) {
    this.x = Objects.requireNonNull(x, "x");
    this.y = Objects.requireNonNull(y, "y");
    this.labels = null;
    if (x.dim() == 0 || y.dim() == 0 || x.size(0) != y.size(0)) {
      throw new IllegalArgumentException(
          "Batch: x "
              + Arrays.toString(x.shape())
              + " and y "
              + Arrays.toString(y.shape())
              + " differ in batch size");
    }
  }

  /** The inputs, batch first. */
  public Tensor x() {
    return x;
  }

  /** Number of examples. */
  public int size() {
    return x.size(0);
  }

  /** Whether the targets are class indices. */
  public boolean hasLabels() {
    return labels != null;
  }

  /** The class indices; an error when the targets are tensors. */
  public int[] labels() {
    if (labels == null) {
      throw new IllegalStateException("Batch has tensor targets, not class indices: use y()");
    }
    return labels;
  }

  /**
   * The targets as a tensor: for class indices, a 1-D tensor holding them as floats (the way
   * PyTorch holds a {@code LongTensor} of targets).
   */
  public Tensor y() {
    if (y != null) {
      return y;
    }
    float[] f = new float[labels.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = labels[i];
    }
    return Tensor.wrap(f, f.length);
  }

  @Override
  public String toString() {
    return "Batch(x "
        + Arrays.toString(x.shape())
        + (labels != null ? ", " + labels.length + " labels" : ", y " + Arrays.toString(y.shape()))
        + ")";
  }
}
