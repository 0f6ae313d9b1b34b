package crema.backend;

/**
 * Per-thread scratch arrays for the im2col buffers of convolution. A conv layer needs a {@code [K,
 * P]} column buffer per sample it processes; allocating it for every sample of every step would
 * churn the heap, so each worker thread keeps its own and reuses it. Safe because a buffer never
 * leaves the thread, and never outlives the op call that filled it.
 */
public final class Scratch {
  /** Slot of the im2col columns. */
  public static final int COLUMNS = 0;

  /** Slot of the column gradients. */
  public static final int COLUMN_GRADS = 1;

  /** Slot of the row strips of {@link ConvStrips}, used while the other two are in use. */
  public static final int STRIP = 2;

  private static final int SLOTS = 3;
  private static final ThreadLocal<float[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new float[SLOTS][0]);

  private Scratch() {}

  /**
   * A buffer of at least {@code size} floats for this thread; contents are undefined. {@code slot}
   * separates buffers used at the same time ({@link #COLUMNS}, {@link #COLUMN_GRADS}, {@link
   * #STRIP}).
   */
  public static float[] get(int slot, int size) {
    float[][] b = BUFFERS.get();
    if (b[slot].length < size) b[slot] = new float[size];
    return b[slot];
  }
}
