package crema.optim;

/**
 * Cosine annealing (Loshchilov and Hutter's SGDR without restarts), PyTorch's {@code
 * CosineAnnealingLR}: the rate falls from lr₀ to η_min along half a cosine over {@code tMax}
 * epochs, then rises again (the cosine continues):
 *
 * <pre>
 *   lr(epoch) = η_min + (lr₀ − η_min) · (1 + cos(π · epoch / T_max)) / 2
 * </pre>
 *
 * Computed, as in PyTorch, by the recursive form from the current rate, so that it composes with
 * other schedulers; on its own it equals the closed form above.
 *
 * <pre>{@code
 * var sched = new CosineAnnealingLR(opt, 50);         // η_min = 0
 * var sched = new CosineAnnealingLR(opt, 50, 1e-5);
 * }</pre>
 */
public final class CosineAnnealingLR extends LRScheduler {
  private final int tMax;
  private final double etaMin;

  /** η_min = 0. */
  public CosineAnnealingLR(Optimizer optimizer, int tMax) {
    this(optimizer, tMax, 0.0);
  }

  public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
    super(optimizer);
    if (tMax <= 0) {
      throw new IllegalArgumentException("CosineAnnealingLR: T_max must be positive, got " + tMax);
    }
    this.tMax = tMax;
    this.etaMin = etaMin;
    initialStep();
  }

  @Override
  protected double[] computeLr() {
    double[] lrs = currentLrs();
    int epoch = lastEpoch();
    if (epoch == 0) {
      return lrs;
    }
    for (int i = 0; i < lrs.length; i++) {
      double lr = lrs[i];
      if (Math.floorMod(epoch - 1 - tMax, 2 * tMax) == 0) {
        // at the bottom of the cosine the ratio below is 0/0: add the step directly
        lrs[i] = lr + (baseLr(i) - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
      } else {
        lrs[i] =
            (1 + Math.cos(Math.PI * epoch / tMax))
                    / (1 + Math.cos(Math.PI * (epoch - 1) / tMax))
                    * (lr - etaMin)
                + etaMin;
      }
    }
    return lrs;
  }

  @Override
  public String toString() {
    return "CosineAnnealingLR(T_max="
        + tMax
        + ", eta_min="
        + etaMin
        + ", last_epoch="
        + lastEpoch()
        + ")";
  }
}
