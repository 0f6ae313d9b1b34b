package crema.optim;

import java.util.Arrays;
import java.util.List;

/**
 * The base of the epoch-based learning-rate schedulers, like PyTorch's {@code _LRScheduler}. The
 * constructor records each group's initial learning rate and performs step 0; each later {@link
 * #step()} advances one epoch and writes the new rates into the optimizer's groups.
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), 0.1, 0.9);
 * var sched = new StepLR(opt, 30, 0.1);
 * for (int epoch = 0; epoch < 90; epoch++) {
 *   trainOneEpoch(opt);
 *   sched.step();          // after the optimizer's steps, as in PyTorch ≥ 1.1
 * }
 * }</pre>
 *
 * Like PyTorch's {@code get_lr()}, subclasses compute the next rate from the group's current rate
 * (the "chainable" form), so several schedulers can act on one optimizer.
 */
public abstract class LRScheduler {
  protected final Optimizer optimizer;
  private final double[] baseLrs;
  private double[] lastLrs;
  private int lastEpoch = -1;
  private int stepCount;

  protected LRScheduler(Optimizer optimizer) {
    if (optimizer == null) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": optimizer is null");
    }
    this.optimizer = optimizer;
    List<ParamGroup> groups = optimizer.paramGroups();
    baseLrs = new double[groups.size()];
    for (int i = 0; i < baseLrs.length; i++) {
      ParamGroup g = groups.get(i);
      g.setDefault("initial_lr", g.lr());
      baseLrs[i] = g.get("initial_lr");
    }
  }

  /**
   * PyTorch's constructor performs the first step (epoch 0); subclasses call this at the end of
   * their constructor, once their own fields are set.
   */
  protected final void initialStep() {
    step();
  }

  /** Advances one epoch and sets each group's learning rate. */
  public void step() {
    stepCount++;
    lastEpoch++;
    double[] lrs = computeLr();
    List<ParamGroup> groups = optimizer.paramGroups();
    for (int i = 0; i < lrs.length; i++) {
      groups.get(i).lr(lrs[i]);
    }
    lastLrs = lrs.clone();
  }

  /** The new learning rate of each group for {@link #lastEpoch()} (PyTorch's {@code get_lr}). */
  protected abstract double[] computeLr();

  /** The current learning rate of group {@code i}. */
  protected final double groupLr(int i) {
    return optimizer.paramGroups().get(i).lr();
  }

  /** The number of groups. */
  protected final int groups() {
    return baseLrs.length;
  }

  /** Each group's initial learning rate. */
  protected final double baseLr(int i) {
    return baseLrs[i];
  }

  /** The learning rates set by the last step, one per group ({@code get_last_lr()}). */
  public double[] lastLr() {
    return lastLrs.clone();
  }

  /** The epoch counter: 0 after construction, +1 per {@link #step()}. */
  public int lastEpoch() {
    return lastEpoch;
  }

  /** How many times {@link #step()} ran, the initial step included. */
  protected final int stepCount() {
    return stepCount;
  }

  /** The current rates of all groups, unchanged (what {@code get_lr} returns at epoch 0). */
  protected final double[] currentLrs() {
    double[] lrs = new double[groups()];
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] = groupLr(i);
    }
    return lrs;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "(last_epoch="
        + lastEpoch
        + ", lr="
        + Arrays.toString(lastLrs)
        + ")";
  }
}
