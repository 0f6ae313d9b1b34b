package crema.optim;

/**
 * Multiplies the learning rate by γ every epoch, PyTorch's {@code ExponentialLR}:
 *
 * <pre>
 *   lr(epoch) = lr₀ · γ^epoch
 * </pre>
 *
 * <pre>{@code
 * var sched = new ExponentialLR(opt, 0.95);
 * }</pre>
 */
public final class ExponentialLR extends LRScheduler {
  private final double gamma;

  public ExponentialLR(Optimizer optimizer, double gamma) {
    super(optimizer);
    this.gamma = gamma;
    initialStep();
  }

  @Override
  protected double[] computeLr() {
    double[] lrs = currentLrs();
    if (lastEpoch() == 0) {
      return lrs;
    }
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] *= gamma;
    }
    return lrs;
  }

  @Override
  public String toString() {
    return "ExponentialLR(gamma=" + gamma + ", last_epoch=" + lastEpoch() + ")";
  }
}
