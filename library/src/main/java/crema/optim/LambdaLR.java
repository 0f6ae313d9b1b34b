package crema.optim;

import java.util.function.IntToDoubleFunction;

/**
 * Sets the learning rate to the initial rate times a function of the epoch, PyTorch's {@code
 * LambdaLR}:
 *
 * <pre>
 *   lr(epoch) = lr₀ · f(epoch)
 * </pre>
 *
 * Handy for any schedule not built in, such as a linear warm-up:
 *
 * <pre>{@code
 * var warmup = new LambdaLR(opt, epoch -> Math.min(1.0, (epoch + 1) / 5.0));
 * }</pre>
 */
public final class LambdaLR extends LRScheduler {
  private final IntToDoubleFunction factor;

  public LambdaLR(Optimizer optimizer, IntToDoubleFunction factor) {
    super(optimizer);
    if (factor == null) {
      throw new IllegalArgumentException("LambdaLR: the factor function is null");
    }
    this.factor = factor;
    initialStep();
  }

  @Override
  protected double[] computeLr() {
    double f = factor.applyAsDouble(lastEpoch());
    double[] lrs = new double[groups()];
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] = baseLr(i) * f;
    }
    return lrs;
  }

  @Override
  public String toString() {
    return "LambdaLR(last_epoch=" + lastEpoch() + ")";
  }
}
