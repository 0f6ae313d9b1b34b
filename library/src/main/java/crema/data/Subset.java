package crema.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The examples of another dataset at given indices, like {@code torch.utils.data.Subset}. No data
 * is copied.
 *
 * <pre>{@code
 * Dataset firstThousand = new Subset(FashionMnist.train(), IntStream.range(0, 1000).toArray());
 * }</pre>
 */
public final class Subset implements Dataset {
  private final Dataset source;
  private final int[] indices;

  public Subset(Dataset source, int[] indices) {
    this.source = Objects.requireNonNull(source, "source");
    this.indices = indices.clone();
    int n = source.size();
    for (int i : this.indices) {
      if (i < 0 || i >= n) {
        throw new IndexOutOfBoundsException(
            "Subset: index " + i + " out of range for a dataset of " + n + " examples");
      }
    }
  }

  /** The dataset the examples come from. */
  public Dataset source() {
    return source;
  }

  /** The source indices of this subset's examples (a copy). */
  public int[] indices() {
    return indices.clone();
  }

  @Override
  public int size() {
    return indices.length;
  }

  @Override
  public Sample get(int index) {
    return source.get(indices[Objects.checkIndex(index, indices.length)]);
  }

  @Override
  public Batch batch(int[] idx) {
    int[] mapped = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      mapped[i] = indices[Objects.checkIndex(idx[i], indices.length)];
    }
    return source.batch(mapped);
  }

  @Override
  public int[] labels() {
    int[] all = source.labels();
    int[] out = new int[indices.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = all[indices[i]];
    }
    return out;
  }

  @Override
  public List<String> classNames() {
    return source.classNames();
  }

  @Override
  public String toString() {
    return "Subset(" + indices.length + " of " + source + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Subset
        && ((Subset) o).source == source
        && Arrays.equals(((Subset) o).indices, indices);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(indices);
  }
}
