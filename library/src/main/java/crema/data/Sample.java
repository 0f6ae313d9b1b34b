package crema.data;

import crema.tensor.Tensor;
import java.util.Objects;

/**
 * One example of a {@link Dataset}: an input {@code x} and its target, either a class index ({@link
 * #label()}, for classification) or a tensor ({@link #y()}, for regression or one-hot targets).
 * This is the Java form of the {@code (x, y)} tuple a PyTorch dataset returns.
 *
 * <pre>{@code
 * Sample s = FashionMnist.test().get(0);
 * s.x().shape();   // [1, 28, 28]
 * s.label();       // 9 (ankle boot)
 * }</pre>
 */
public final class Sample {
  private final Tensor x;
  private final Tensor y;
  private final int label;

  private Sample(Tensor x, Tensor y, int label) {
    this.x = Objects.requireNonNull(x, "x");
    this.y = y;
    this.label = label;
  }

  /** A classification example: input and class index (≥ 0). */
  public static Sample of(Tensor x, int label) {
    if (label < 0) {
      throw new IllegalArgumentException("Sample: class index must be >= 0, got " + label);
    }
    return new Sample(x, null, label);
  }

  /** An example with a tensor target (regression, multi-output, one-hot). */
  public static Sample of(Tensor x, Tensor y) {
    return new Sample(x, Objects.requireNonNull(y, "y"), -1);
  }

  public Tensor x() {
    return x;
  }

  /** Whether the target is a class index rather than a tensor. */
  public boolean hasLabel() {
    return y == null;
  }

  /** The class index; an error for tensor targets. */
  public int label() {
    if (y != null) {
      throw new IllegalStateException("Sample has a tensor target, not a class index");
    }
    return label;
  }

  /** The target as a tensor: for a class index, a scalar holding it. */
  public Tensor y() {
    return y != null ? y : Tensor.scalar(label);
  }

  /** The same target with a new input (used by transforms). */
  public Sample withX(Tensor newX) {
    return new Sample(newX, y, label);
  }

  @Override
  public String toString() {
    return "Sample(x "
        + java.util.Arrays.toString(x.shape())
        + (y == null ? ", label " + label : ", y " + java.util.Arrays.toString(y.shape()))
        + ")";
  }
}
