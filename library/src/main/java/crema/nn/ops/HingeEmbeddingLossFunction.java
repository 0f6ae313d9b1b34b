package crema.nn.ops;

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
public final class HingeEmbeddingLossFunction extends PointwiseLossFunction {
  private final double margin;

  public HingeEmbeddingLossFunction(LossReduction reduction, double margin) {
    super(reduction, 0);
    this.margin = margin;
  }

  @Override
  void pointwise(float[] x, float[] y, float[] l, float[] slope) {
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
  }
}
