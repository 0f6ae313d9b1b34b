package crema.nn.ops;

import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * The binary hinge loss with labels {@code y ∈ {1, −1}}:
 *
 * <pre>
 *   lᵢ = xᵢ                      if yᵢ = 1
 *   lᵢ = max(0, margin − xᵢ)     if yᵢ = −1
 *   ∂lᵢ/∂xᵢ = 1, or −[margin − xᵢ ≥ 0]
 * </pre>
 *
 * A label that is neither 1 nor −1 gets both terms, as in PyTorch. Inputs: input and labels of one
 * shape; only the input gets a gradient.
 */
public final class HingeEmbeddingLossFunction extends Function {
  private final LossReduction reduction;
  private final double margin;
  private float[] slope; // ∂lᵢ/∂xᵢ
  private int[] shape;

  public HingeEmbeddingLossFunction(LossReduction reduction, double margin) {
    this.reduction = reduction;
    this.margin = margin;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    float[] x = in[0].data();
    float[] y = in[1].data();
    shape = in[0].shape();
    slope = new float[x.length];
    float[] l = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      double li = 0;
      float d = 0;
      if (y[i] != 1f) {
        double m = margin - x[i];
        if (m >= 0) {
          li += m;
          d -= 1;
        }
      }
      if (y[i] != -1f) {
        li += x[i];
        d += 1;
      }
      l[i] = (float) li;
      slope[i] = d;
    }
    return reduction.reduce(l, shape, 0);
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] d = reduction.chain(slope.clone(), gradOut, 0);
    return new Tensor[] {Tensor.wrap(d, shape), null};
  }
}
