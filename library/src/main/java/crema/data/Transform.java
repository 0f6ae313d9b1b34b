package crema.data;

import crema.tensor.Tensor;

/**
 * Turns one input tensor into another, like a {@code torchvision.transforms} object: normalising,
 * augmenting, reshaping. Transforms work on single examples (for images {@code [C, H, W]}), not
 * batches. Chain them with {@link Compose} or {@link #andThen(Transform)}.
 *
 * <pre>{@code
 * Transform t = new Compose(new RandomHorizontalFlip(0.5, 1), new Normalize(0.2860f, 0.3530f));
 * Dataset augmented = FashionMnist.train().transform(t);
 * }</pre>
 *
 * <p>Random transforms draw from their own seeded generator; a {@link DataLoader} reads examples in
 * a fixed order on one thread, so a seeded pipeline gives the same examples on every run.
 */
@FunctionalInterface
public interface Transform {
  /** The transformed copy of {@code x}; never modifies {@code x}. */
  Tensor apply(Tensor x);

  /** This transform, then {@code next}. */
  default Transform andThen(Transform next) {
    return new Compose(this, next);
  }
}
