package crema.bench.workloads;

import crema.models.LeNet5;
import crema.nn.Module;

/**
 * LeNet-5 as taught in the course (ReLU and max pooling): conv 6@5×5 pad 2, pool, conv 16@5×5,
 * pool, 120, 84, 10. The mirror of {@code models.lenet()} in bench/torch.
 */
public final class Lenet extends ClassifierWorkload {
  @Override
  protected Module buildModel() {
    return model();
  }

  /** A freshly initialised model (also timed on its own by {@code proto.ConvStep}). */
  public static Module model() {
    return LeNet5.create();
  }
}
