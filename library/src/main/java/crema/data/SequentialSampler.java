package crema.data;

/** Gives the indices 0, 1, ..., n-1 in order. */
public final class SequentialSampler implements Sampler {
  /** The one instance; it has no state. */
  public static final SequentialSampler INSTANCE = new SequentialSampler();

  private SequentialSampler() {}

  @Override
  public int[] indices(int datasetSize) {
    int[] idx = new int[datasetSize];
    for (int i = 0; i < datasetSize; i++) {
      idx[i] = i;
    }
    return idx;
  }

  @Override
  public String toString() {
    return "sequential";
  }
}
