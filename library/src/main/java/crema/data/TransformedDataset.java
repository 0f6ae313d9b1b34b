package crema.data;

import java.util.List;

/** A dataset whose inputs pass through a {@link Transform} as they are read. */
public final class TransformedDataset implements Dataset {
  private final Dataset source;
  private final Transform transform;

  public TransformedDataset(Dataset source, Transform transform) {
    this.source = java.util.Objects.requireNonNull(source, "source");
    this.transform = java.util.Objects.requireNonNull(transform, "transform");
  }

  @Override
  public int size() {
    return source.size();
  }

  @Override
  public Sample get(int index) {
    Sample s = source.get(index);
    return s.withX(transform.apply(s.x()));
  }

  @Override
  public int[] labels() {
    return source.labels();
  }

  @Override
  public List<String> classNames() {
    return source.classNames();
  }

  @Override
  public String toString() {
    return source + " with " + transform;
  }
}
