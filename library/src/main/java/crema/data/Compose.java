package crema.data;

import crema.tensor.Tensor;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Applies transforms one after the other, like {@code torchvision.transforms.Compose}.
 *
 * <pre>{@code
 * Transform t = new Compose(new RandomRotation(10, 42), new Normalize(0.5f, 0.5f));
 * }</pre>
 */
public final class Compose implements Transform {
  private final List<Transform> steps;

  public Compose(Transform... steps) {
    this.steps = List.of(steps);
  }

  public Compose(List<Transform> steps) {
    this.steps = List.copyOf(steps);
  }

  @Override
  public Tensor apply(Tensor x) {
    for (Transform t : steps) {
      x = t.apply(x);
    }
    return x;
  }

  public List<Transform> steps() {
    return steps;
  }

  @Override
  public String toString() {
    return steps.stream().map(Object::toString).collect(Collectors.joining(", ", "Compose(", ")"));
  }
}
