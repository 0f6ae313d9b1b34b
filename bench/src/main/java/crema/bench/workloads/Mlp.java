package crema.bench.workloads;

import crema.nn.Flatten;
import crema.nn.Linear;
import crema.nn.Module;
import crema.nn.ReLU;
import crema.nn.Sequential;

/** MLP 784-256-128-10 with ReLU; the mirror of {@code models.mlp()} in bench/torch. */
public final class Mlp extends ClassifierWorkload {
  @Override
  protected Module buildModel() {
    return new Sequential(
        new Flatten(),
        new Linear(784, 256),
        new ReLU(),
        new Linear(256, 128),
        new ReLU(),
        new Linear(128, 10));
  }
}
