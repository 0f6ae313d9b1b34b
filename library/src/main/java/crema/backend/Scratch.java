package crema.backend;

/**
 * Per-thread scratch arrays: the im2col buffers of convolution and the chunk rows of {@link
 * ExpKernels}. A conv layer needs a {@code [K, P]} column buffer per sample it processes, and a
 * softmax calls {@code ExpKernels} for every row; allocating for each call would churn the heap, so
 * each thread keeps its own buffers and reuses them. Safe because a buffer never leaves the thread,
 * and never outlives the call that filled it.
 */
public final class Scratch {
  /** Slot of the im2col columns. */
  public static final int COLUMNS = 0;

  /** Slot of the column gradients. */
  public static final int COLUMN_GRADS = 1;

  /** Slot of the row strips of {@link ConvStrips}, used while the other two are in use. */
  public static final int STRIP = 2;

  /** Slot of {@link ExpKernels}' reduced arguments. */
  public static final int EXP_ARGUMENT = 3;

  /** Slot of {@link ExpKernels}' powers of two. */
  public static final int EXP_POWER = 4;

  private static final int SLOTS = 5;
  private static final ThreadLocal<float[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new float[SLOTS][0]);

  private Scratch() {}

  /**
   * A buffer of at least {@code size} floats for this thread; contents are undefined. {@code slot}
   * separates buffers used at the same time.
   */
  public static float[] get(int slot, int size) {
    float[][] b = BUFFERS.get();
    if (b[slot].length < size) b[slot] = new float[size];
    return b[slot];
  }
}
