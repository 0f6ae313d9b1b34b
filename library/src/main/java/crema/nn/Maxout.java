package crema.nn;

import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * A maxout layer (Goodfellow et al., 2013): each output unit is the maximum of {@code pieces}
 * affine functions of the input, {@code y_j = max_k (w_{j,k}ᵀ·x + b_{j,k})}; with two pieces, the
 * slides' {@code max(w₁ᵀx + b₁, w₂ᵀx + b₂)}. It learns a convex piecewise-linear activation; ReLU
 * is the special case {@code max(wᵀx + b, 0)}.
 *
 * <p>The affine maps are one child {@code linear = Linear(in, out·pieces)}, whose output {@code [N,
 * out·pieces]} is viewed as {@code [N, out, pieces]}: rows {@code j·pieces .. j·pieces + pieces −
 * 1} of {@code linear.weight} are the pieces of unit {@code j}. The gradient flows to the winning
 * piece. PyTorch has no maxout layer; {@code Linear} followed by {@code view(N, out, k).max(2)} is
 * the same computation.
 *
 * <pre>{@code
 * var maxout = new Maxout(5, 3, 2);                 // keys linear.weight [6, 5], linear.bias [6]
 * maxout.forward(Tensor.randn(4, 5));               // [4, 3]
 * }</pre>
 */
public class Maxout extends Module {
  /** Input features. */
  public final int inFeatures;

  /** Output units. */
  public final int outFeatures;

  /** Affine pieces per unit. */
  public final int pieces;

  /** The {@code out·pieces} affine maps. */
  public final Linear linear;

  /**
   * {@code outFeatures} units, each the max of {@code pieces} affine maps of {@code inFeatures}.
   */
  public Maxout(int inFeatures, int outFeatures, int pieces) {
    if (pieces < 1) {
      throw new IllegalArgumentException("Maxout: pieces must be >= 1, got " + pieces);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.pieces = pieces;
    this.linear = new Linear(inFeatures, outFeatures * pieces);
  }

  @Override
  public Tensor forward(Tensor x) {
    int[] s = x.shape();
    if (s.length != 2 || s[1] != inFeatures) {
      throw new IllegalArgumentException(
          "Maxout("
              + inFeatures
              + "→"
              + outFeatures
              + ", pieces="
              + pieces
              + ") expects [N, "
              + inFeatures
              + "], got "
              + Arrays.toString(s));
    }
    return F.maxout(linear.forward(x), pieces);
  }

  @Override
  protected String extraRepr() {
    return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", pieces=" + pieces;
  }
}
