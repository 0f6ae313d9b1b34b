package crema.nn;

import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * Flattens dimensions {@code startDim..endDim} into one, PyTorch's {@code nn.Flatten}; by default
 * every dimension but the batch: {@code [N, C, H, W] → [N, C·H·W]}, the step between a CNN's
 * feature maps and its dense classifier. No parameters.
 *
 * <pre>{@code
 * new Flatten().forward(Tensor.zeros(64, 16, 5, 5));   // [64, 400]
 * }</pre>
 */
public class Flatten extends Module {
  private final int startDim;
  private final int endDim;

  /** Flattens every dimension after the first. */
  public Flatten() {
    this(1, -1);
  }

  /** Flattens dimensions {@code startDim..endDim} inclusive (negative counts from the end). */
  public Flatten(int startDim, int endDim) {
    this.startDim = startDim;
    this.endDim = endDim;
  }

  @Override
  public Tensor forward(Tensor x) {
    return F.flatten(x, startDim, endDim);
  }

  @Override
  protected String extraRepr() {
    return "start_dim=" + startDim + ", end_dim=" + endDim;
  }

  static int[] flattenedShape(int[] s, int startDim, int endDim) {
    int a = startDim < 0 ? startDim + s.length : startDim;
    int b = endDim < 0 ? endDim + s.length : endDim;
    if (s.length == 0) return new int[] {1};
    if (a < 0 || b >= s.length || a > b) {
      throw new IllegalArgumentException(
          "Flatten(start_dim="
              + startDim
              + ", end_dim="
              + endDim
              + ") does not fit input "
              + Arrays.toString(s));
    }
    int[] out = new int[s.length - (b - a)];
    int k = 0;
    for (int i = 0; i < a; i++) out[k++] = s[i];
    int prod = 1;
    for (int i = a; i <= b; i++) prod *= s[i];
    out[k++] = prod;
    for (int i = b + 1; i < s.length; i++) out[k++] = s[i];
    return out;
  }
}
