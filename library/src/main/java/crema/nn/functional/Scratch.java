package crema.nn.functional;

/**
 * Per-thread scratch arrays for the im2col buffers of convolution. A conv layer needs a {@code [K,
 * P]} column buffer per sample it processes; allocating it for every sample of every step would
 * churn the heap, so each worker thread keeps its own and reuses it. Safe because a buffer never
 * leaves the thread, and never outlives the op call that filled it.
 */
final class Scratch {
  private static final int SLOTS = 2;
  private static final ThreadLocal<float[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new float[SLOTS][0]);

  private Scratch() {}

  /**
   * A buffer of at least {@code size} floats for this thread; contents are undefined. {@code slot}
   * separates buffers used at the same time (0 for columns, 1 for column gradients).
   */
  static float[] get(int slot, int size) {
    float[][] b = BUFFERS.get();
    if (b[slot].length < size) b[slot] = new float[size];
    return b[slot];
  }
}
