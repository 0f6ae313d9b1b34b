package crema.optim;

import java.util.Arrays;

/**
 * Multiplies the learning rate by γ at each milestone epoch, PyTorch's {@code MultiStepLR}:
 *
 * <pre>
 *   lr(epoch) = lr₀ · γ^(number of milestones ≤ epoch)
 * </pre>
 *
 * <pre>{@code
 * var sched = new MultiStepLR(opt, new int[] {30, 80}, 0.1);  // 0.1 → 0.01 at 30 → 0.001 at 80
 * }</pre>
 */
public final class MultiStepLR extends LRScheduler {
  private final int[] milestones;
  private final double gamma;

  public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
    super(optimizer);
    if (milestones == null) {
      throw new IllegalArgumentException("MultiStepLR: milestones are null");
    }
    this.milestones = milestones.clone();
    this.gamma = gamma;
    initialStep();
  }

  @Override
  protected double[] computeLr() {
    double[] lrs = currentLrs();
    int hits = 0; // a milestone listed twice decays twice, as PyTorch's Counter does
    for (int m : milestones) {
      if (m == lastEpoch()) {
        hits++;
      }
    }
    if (hits > 0) {
      double factor = Math.pow(gamma, hits);
      for (int i = 0; i < lrs.length; i++) {
        lrs[i] *= factor;
      }
    }
    return lrs;
  }

  @Override
  public String toString() {
    return "MultiStepLR(milestones="
        + Arrays.toString(milestones)
        + ", gamma="
        + gamma
        + ", last_epoch="
        + lastEpoch()
        + ")";
  }
}
