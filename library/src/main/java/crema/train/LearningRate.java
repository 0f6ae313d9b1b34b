package crema.train;

import crema.optim.Optimizer;

/** Reads the optimizer's current learning rate for the History. */
final class LearningRate {
  private LearningRate() {}

  /** The first parameter group's rate (null for an optimizer without groups). */
  static Double get(Optimizer optimizer) {
    return optimizer.paramGroups().isEmpty() ? null : optimizer.lr();
  }
}
