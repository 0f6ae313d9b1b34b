package crema.bench.workloads;

import crema.nn.Conv2d;
import crema.nn.Flatten;
import crema.nn.Linear;
import crema.nn.MaxPool2d;
import crema.nn.Module;
import crema.nn.ReLU;
import crema.nn.Sequential;

/**
 * CNN: conv 32 3×3 pad 1, pool, conv 64 3×3 pad 1, pool, fc 128, fc 10. The mirror of {@code
 * models.cnn()} in bench/torch.
 */
public final class Cnn extends ClassifierWorkload {
  @Override
  protected Module buildModel() {
    return model();
  }

  /** A freshly initialised model (also timed on its own by {@code proto.ConvStep}). */
  public static Module model() {
    return new Sequential(
        new Conv2d(1, 32, 3, 1, 1),
        new ReLU(),
        new MaxPool2d(2),
        new Conv2d(32, 64, 3, 1, 1),
        new ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Linear(64 * 7 * 7, 128),
        new ReLU(),
        new Linear(128, 10));
  }
}
