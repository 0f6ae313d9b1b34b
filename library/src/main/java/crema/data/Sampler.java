package crema.data;

/**
 * Chooses the order (and repetition) of example indices for one epoch of a {@link DataLoader}, like
 * {@code torch.utils.data.Sampler}. Each call to {@link #indices(int)} gives a new epoch.
 */
@FunctionalInterface
public interface Sampler {
  /**
   * The indices for the next epoch.
   *
   * @param datasetSize the number of examples in the dataset
   */
  int[] indices(int datasetSize);

  /** How many indices {@link #indices(int)} gives per epoch (default: every example once). */
  default int length(int datasetSize) {
    return datasetSize;
  }
}
