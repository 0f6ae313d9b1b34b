package crema.optim;

/**
 * Changes the learning rate linearly from {@code startFactor · lr₀} to {@code endFactor · lr₀} over
 * {@code totalIters} epochs, then keeps it, PyTorch's {@code LinearLR}. The usual warm-up:
 *
 * <pre>
 *   lr(epoch) = lr₀ · (s + (e − s) · min(epoch, T) / T)
 * </pre>
 *
 * Computed, as in PyTorch, by the recursive form from the current rate.
 *
 * <pre>{@code
 * var warmup = new LinearLR(opt, 0.1, 1.0, 5);  // 10% of lr₀ at epoch 0, the full rate from epoch 5
 * }</pre>
 */
public final class LinearLR extends LRScheduler {
  private final double startFactor;
  private final double endFactor;
  private final int totalIters;

  /** PyTorch's defaults: from 1/3 to 1 over 5 epochs. */
  public LinearLR(Optimizer optimizer) {
    this(optimizer, 1.0 / 3, 1.0, 5);
  }

  public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
    super(optimizer);
    if (!(startFactor > 0 && startFactor <= 1) || !(endFactor >= 0 && endFactor <= 1)) {
      throw new IllegalArgumentException(
          "LinearLR: factors must be in (0, 1] and [0, 1], got "
              + startFactor
              + " and "
              + endFactor);
    }
    if (totalIters <= 0) {
      throw new IllegalArgumentException(
          "LinearLR: total iterations must be positive, got " + totalIters);
    }
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    initialStep();
  }

  @Override
  protected double[] computeLr() {
    double[] lrs = currentLrs();
    int epoch = lastEpoch();
    if (epoch == 0) {
      for (int i = 0; i < lrs.length; i++) {
        lrs[i] *= startFactor;
      }
      return lrs;
    }
    if (epoch > totalIters) {
      return lrs;
    }
    double ratio =
        1.0
            + (endFactor - startFactor)
                / (totalIters * startFactor + (epoch - 1) * (endFactor - startFactor));
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] *= ratio;
    }
    return lrs;
  }

  @Override
  public String toString() {
    return "LinearLR(start_factor="
        + startFactor
        + ", end_factor="
        + endFactor
        + ", total_iters="
        + totalIters
        + ", last_epoch="
        + lastEpoch()
        + ")";
  }
}
