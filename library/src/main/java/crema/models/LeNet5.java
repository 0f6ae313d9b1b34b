package crema.models;

import crema.nn.Conv2d;
import crema.nn.Flatten;
import crema.nn.Linear;
import crema.nn.MaxPool2d;
import crema.nn.ReLU;
import crema.nn.Sequential;

/**
 * LeNet-5 as the course teaches it (LeCun et al., 1998, with ReLU and max pooling), for {@code [N,
 * 1, 28, 28]} images and 10 classes:
 *
 * <pre>
 *   conv 6@5×5 pad 2 → ReLU → max pool 2     [N, 6, 14, 14]
 *   conv 16@5×5      → ReLU → max pool 2     [N, 16, 5, 5]
 *   flatten → 120 → ReLU → 84 → ReLU → 10    61,706 parameters
 * </pre>
 *
 * <pre>{@code
 * Sequential model = LeNet5.create();
 * Tensor logits = model.forward(images);     // [N, 10]
 * }</pre>
 */
public final class LeNet5 {
  private LeNet5() {}

  /** A freshly initialised LeNet-5, drawn from the global generator like any layer. */
  public static Sequential create() {
    return new Sequential(
        new Conv2d(1, 6, 5, 1, 2),
        new ReLU(),
        new MaxPool2d(2),
        new Conv2d(6, 16, 5),
        new ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Linear(16 * 5 * 5, 120),
        new ReLU(),
        new Linear(120, 84),
        new ReLU(),
        new Linear(84, 10));
  }
}
