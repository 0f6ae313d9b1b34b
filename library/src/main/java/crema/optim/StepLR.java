package crema.optim;

/**
 * Multiplies the learning rate by γ every {@code stepSize} epochs, PyTorch's {@code StepLR}:
 *
 * <pre>
 *   lr(epoch) = lr₀ · γ^⌊epoch / stepSize⌋
 * </pre>
 *
 * <pre>{@code
 * var sched = new StepLR(opt, 30, 0.1);  // lr 0.1 for epochs 0–29, 0.01 for 30–59, ...
 * }</pre>
 */
public final class StepLR extends LRScheduler {
  private final int stepSize;
  private final double gamma;

  /** γ = 0.1. */
  public StepLR(Optimizer optimizer, int stepSize) {
    this(optimizer, stepSize, 0.1);
  }

  public StepLR(Optimizer optimizer, int stepSize, double gamma) {
    super(optimizer);
    if (stepSize <= 0) {
      throw new IllegalArgumentException("StepLR: step size must be positive, got " + stepSize);
    }
    this.stepSize = stepSize;
    this.gamma = gamma;
    initialStep();
  }

  @Override
  protected double[] computeLr() {
    double[] lrs = currentLrs();
    if (lastEpoch() == 0 || lastEpoch() % stepSize != 0) {
      return lrs;
    }
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] *= gamma;
    }
    return lrs;
  }

  @Override
  public String toString() {
    return "StepLR(step_size="
        + stepSize
        + ", gamma="
        + gamma
        + ", last_epoch="
        + lastEpoch()
        + ")";
  }
}
