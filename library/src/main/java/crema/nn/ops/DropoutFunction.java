package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.tensor.Function;
import crema.tensor.Rng;
import crema.tensor.Tensor;

/**
 * Inverted dropout: each element is zeroed with probability {@code p}, and the survivors are scaled
 * by {@code 1/(1 − p)} so that the expected value is unchanged and evaluation needs no rescaling.
 *
 * <p>Forward: {@code y = x · mask}, {@code mask_i = 0} with probability {@code p}, else {@code 1/(1
 * − p)}. Backward: {@code dx = dY · mask} (the same mask).
 *
 * <pre>{@code
 * Tensor y = new DropoutFunction(0.5f, new Rng(42)).apply(x);   // or F.dropout(x, 0.5f, true)
 * }</pre>
 */
public final class DropoutFunction extends Function {
  private final float p;
  private final Rng rng;
  private float[] mask;

  /** Drops with probability {@code p} in [0, 1], drawing from {@code rng}. */
  public DropoutFunction(float p, Rng rng) {
    if (!(p >= 0f && p <= 1f)) {
      throw new IllegalArgumentException("dropout: probability must be in [0, 1], got " + p);
    }
    this.p = p;
    this.rng = rng;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    float[] x = in[0].data();
    // From the pool, not new (fresh arrays each step cost more than this loop; docs/memory.md).
    // Both are written whole.
    float[] y = ArrayPool.takeUninitialised(x.length);
    mask = ArrayPool.takeUninitialised(x.length);
    float keep = p >= 1f ? 0f : 1f / (1f - p);
    for (int i = 0; i < x.length; i++) {
      // One draw per element, in order: the same seed gives the same mask.
      float m = rng.nextFloat() < p ? 0f : keep;
      mask[i] = m;
      y[i] = x[i] * m;
    }
    return Tensor.wrap(y, in[0].shape());
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] g = gradOut.data();
    float[] dx = ArrayPool.takeUninitialised(g.length); // written whole
    for (int i = 0; i < g.length; i++) dx[i] = g[i] * mask[i];
    return new Tensor[] {Tensor.wrap(dx, gradOut.shape())};
  }

  /** The mask is this node's alone: back to the pool once no backward can read it. */
  @Override
  protected void releaseSaved() {
    if (mask != null) {
      ArrayPool.give(mask);
      mask = null;
    }
  }
}
