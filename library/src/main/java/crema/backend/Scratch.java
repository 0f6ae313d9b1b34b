package crema.backend;

/**
 * Per-thread scratch arrays: the im2col buffers of convolution, the chunk rows of {@link
 * ExpKernels} and {@link LogKernels}, and copies of a matrix row. A conv layer needs a {@code [K,
 * P]} column buffer per sample it processes, and a softmax calls {@code ExpKernels} for every row;
 * allocating for each call would churn the heap, so each thread keeps its own buffers and reuses
 * them. Safe because a buffer never leaves the thread, and never outlives the call that filled it.
 */
public final class Scratch {
  /** Slot of the im2col columns. */
  public static final int COLUMNS = 0;

  /** Slot of the column gradients. */
  public static final int COLUMN_GRADS = 1;

  /** Slot of the row strips of {@link ConvStrips}, used while the other two are in use. */
  public static final int STRIP = 2;

  /** Slot of {@link ExpKernels}' reduced arguments and {@link LogKernels}' mantissas. */
  public static final int EXP_ARGUMENT = 3;

  /** Slot of {@link ExpKernels}' powers of two and {@link LogKernels}' exponents. */
  public static final int EXP_POWER = 4;

  /**
   * First of five slots for copies of one row of a matrix, so that a loop over the row reads and
   * writes every array at the same index (the loops C2 vectorises; see {@code LstmCellBlock}):
   * layer norm (its backward uses all five: two row copies, the row's gradient, and a block's
   * running sums for dγ and dβ), and the bias sums of the fused layers. Being the thread's own,
   * they are not next to an array that another thread writes. Two threads writing neighbouring
   * small arrays share cache lines: layer norm's backward on two threads took 515-520 µs for {@code
   * [64, 28, 64]} with its per-core arrays from the pool, 370-390 µs with the same arrays 64 bytes
   * apart.
   */
  public static final int ROW = 5;

  /** The number of row slots from {@link #ROW}. */
  public static final int ROW_SLOTS = 5;

  private static final int SLOTS = ROW + ROW_SLOTS;
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
