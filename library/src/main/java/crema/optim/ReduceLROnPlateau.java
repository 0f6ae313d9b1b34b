package crema.optim;

import java.util.Arrays;
import java.util.List;

/**
 * Reduces the learning rate when a metric stops improving, PyTorch's {@code ReduceLROnPlateau}.
 * Call {@link #step(double)} once per epoch with the validation metric.
 *
 * <pre>
 *   improved  ⇔  metric &lt; best · (1 − threshold)    (mode MIN, relative threshold; see {@link ThresholdMode})
 *   after more than {@code patience} epochs without improvement:  lr ← max(lr · factor, min_lr)
 *   then wait {@code cooldown} epochs before counting bad epochs again
 * </pre>
 *
 * A reduction smaller than {@code eps} is skipped, as in PyTorch.
 *
 * <pre>{@code
 * var sched = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Mode.MIN, 0.5, 3);
 * for (int epoch = 0; epoch < 50; epoch++) {
 *   train(...);
 *   sched.step(validationLoss);
 * }
 * }</pre>
 */
public final class ReduceLROnPlateau {
  /** Whether a lower ({@code MIN}, for a loss) or higher ({@code MAX}, for accuracy) is better. */
  public enum Mode {
    MIN,
    MAX
  }

  /**
   * {@code REL}: an improvement must beat best by the fraction {@code threshold}; {@code ABS}: by
   * the amount {@code threshold}.
   */
  public enum ThresholdMode {
    REL,
    ABS
  }

  private final Optimizer optimizer;
  private final Mode mode;
  private final double factor;
  private final int patience;
  private final double threshold;
  private final ThresholdMode thresholdMode;
  private final int cooldown;
  private final double[] minLrs;
  private final double eps;

  private double best;
  private int numBadEpochs;
  private int cooldownCounter;
  private int lastEpoch;
  private double[] lastLrs;

  /** PyTorch's defaults: mode MIN, factor 0.1, patience 10, threshold 1e-4 (relative). */
  public ReduceLROnPlateau(Optimizer optimizer) {
    this(optimizer, Mode.MIN, 0.1, 10);
  }

  public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience) {
    this(optimizer, mode, factor, patience, 1e-4, ThresholdMode.REL, 0, 0.0, 1e-8);
  }

  /** Every option, as PyTorch's constructor ({@code minLr} applies to every group). */
  public ReduceLROnPlateau(
      Optimizer optimizer,
      Mode mode,
      double factor,
      int patience,
      double threshold,
      ThresholdMode thresholdMode,
      int cooldown,
      double minLr,
      double eps) {
    if (optimizer == null || mode == null || thresholdMode == null) {
      throw new IllegalArgumentException("ReduceLROnPlateau: optimizer and modes must be set");
    }
    if (!(factor < 1.0)) {
      throw new IllegalArgumentException("ReduceLROnPlateau: factor must be < 1.0, got " + factor);
    }
    if (patience < 0 || cooldown < 0) {
      throw new IllegalArgumentException(
          "ReduceLROnPlateau: patience and cooldown must be non-negative, got "
              + patience
              + " and "
              + cooldown);
    }
    this.optimizer = optimizer;
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.minLrs = new double[optimizer.paramGroups().size()];
    Arrays.fill(minLrs, minLr);
    this.eps = eps;
    this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    this.lastLrs = currentLrs();
  }

  /** Records one epoch's metric and reduces the learning rates if it has plateaued. */
  public void step(double metric) {
    lastEpoch++;
    if (isBetter(metric, best)) {
      best = metric;
      numBadEpochs = 0;
    } else {
      numBadEpochs++;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      numBadEpochs = 0; // bad epochs during the cooldown do not count
    }
    if (numBadEpochs > patience) {
      reduceLr();
      cooldownCounter = cooldown;
      numBadEpochs = 0;
    }
    lastLrs = currentLrs();
  }

  private void reduceLr() {
    List<ParamGroup> groups = optimizer.paramGroups();
    for (int i = 0; i < groups.size(); i++) {
      double old = groups.get(i).lr();
      double next = Math.max(old * factor, minLrs[i]);
      if (old - next > eps) {
        groups.get(i).lr(next);
      }
    }
  }

  private boolean isBetter(double a, double best) {
    if (mode == Mode.MIN) {
      return thresholdMode == ThresholdMode.REL ? a < best * (1 - threshold) : a < best - threshold;
    }
    return thresholdMode == ThresholdMode.REL ? a > best * (1 + threshold) : a > best + threshold;
  }

  private double[] currentLrs() {
    List<ParamGroup> groups = optimizer.paramGroups();
    double[] lrs = new double[groups.size()];
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] = groups.get(i).lr();
    }
    return lrs;
  }

  /** The learning rates after the last step, one per group. */
  public double[] lastLr() {
    return lastLrs.clone();
  }

  /** The best metric seen so far. */
  public double best() {
    return best;
  }

  /** Epochs without improvement since the last improvement or reduction. */
  public int numBadEpochs() {
    return numBadEpochs;
  }

  /** The number of {@link #step(double)} calls. */
  public int lastEpoch() {
    return lastEpoch;
  }

  @Override
  public String toString() {
    return "ReduceLROnPlateau(mode="
        + mode
        + ", factor="
        + factor
        + ", patience="
        + patience
        + ", threshold="
        + threshold
        + " "
        + thresholdMode
        + ", cooldown="
        + cooldown
        + ", best="
        + best
        + ", lr="
        + Arrays.toString(lastLrs)
        + ")";
  }
}
