package crema.backend;

import java.util.Arrays;

/**
 * A size-keyed pool of {@code float[]}, so that a training step reuses the arrays of the previous
 * step instead of allocating fresh ones: PyTorch's caching allocator, for the Java heap.
 *
 * <p>Why: without it, a LeNet step at batch 64 allocates about 8 MB of arrays. With a large young
 * generation those arrays are never in cache, and G1 places arrays of half a region or more in
 * humongous regions, so the step's speed depended on the collector's flags by up to 6x. Arrays that
 * come back through this pool are the ones the previous step just used: warm in cache, and no
 * garbage to collect.
 *
 * <p>Who gives arrays back is the whole safety argument, and it is narrow (see docs/memory.md):
 *
 * <ul>
 *   <li>the autograd engine, for gradients that library ops made during the backward pass itself,
 *       once every node that reads them has run ({@link GradientBuffers});
 *   <li>the engine again, when it frees the graph after backward, for tensors that a library layer
 *       marked with {@link Tensor#releaseWithGraph()} because no user can hold them;
 *   <li>{@code Tensor.zeroGrad()}, for a parameter's gradient that nobody was handed.
 * </ul>
 *
 * Ops only {@link #take} arrays: an op never knows whether the user will keep its result, and an
 * array that is never given back is simply collected as before. Taking is therefore always safe.
 *
 * <p>Arrays shorter than {@link #MIN_LENGTH} are not pooled (a lookup costs more than allocating
 * them). The pool keeps at most {@link #PER_LENGTH} arrays of each length, {@link #MAX_BYTES} in
 * all (a share of the heap ceiling) and {@link #MAX_LENGTHS} lengths. When it is full, the lengths
 * used longest ago make room: a participant trains one model after another in the same kernel
 * (different widths, a last batch of another size), and the arrays of the model trained an hour ago
 * must not keep today's from being pooled. {@link #clear()} empties it.
 *
 * <pre>{@code
 * float[] y = ArrayPool.take(n);     // zeroed, like new float[n]
 * ...
 * ArrayPool.give(y);                 // only when provably nobody else holds y
 * }</pre>
 */
public final class ArrayPool {
  /** Shorter arrays are allocated directly and never pooled. */
  public static final int MIN_LENGTH = 1024;

  /**
   * Arrays kept per length. A transformer encoder holds a dozen activations of one size ({@code
   * [B·T, d]}) per layer at once; with 8 per length, the rest were allocated afresh every step (28
   * MB a step for two layers, against 8 MB with 32). {@link #MAX_BYTES} bounds the total either
   * way.
   */
  static final int PER_LENGTH = 32;

  /**
   * Bytes the pool may hold in all: 128 MB ({@code -Dcrema.pool.maxMB}), but never more than a
   * sixteenth of the heap ceiling, so that a small heap (a 512 MB JVM, a pod with a tight memory
   * limit) keeps its room for the activations of a large evaluation batch.
   */
  static final long MAX_BYTES =
      Math.min(Long.getLong("crema.pool.maxMB", 128L) << 20, Runtime.getRuntime().maxMemory() / 16);

  // Open addressing from length to a small stack of arrays; lengths are few (a dozen per model).
  /** Lengths the pool keeps arrays of at once: half its table, whose probes then stay short. */
  static final int MAX_LENGTHS = 128;

  private static int[] lengths = new int[2 * MAX_LENGTHS];
  private static float[][][] stacks = new float[2 * MAX_LENGTHS][][];
  private static int[] counts = new int[2 * MAX_LENGTHS];

  /** When each slot's length was last taken or given, on {@link #clock}. */
  private static long[] lastUse = new long[2 * MAX_LENGTHS];

  private static long clock;
  private static volatile boolean enabled = !"off".equals(System.getProperty("crema.pool"));
  private static int used;
  private static long bytes;

  private ArrayPool() {}

  /** A zeroed array of {@code n} floats: a pooled one if one is free, else a new one. */
  public static float[] take(int n) {
    float[] a = takeUninitialised(n);
    Arrays.fill(a, 0f);
    return a;
  }

  /**
   * {@link #takeUninitialised} when {@code writtenWhole} (the caller writes every element before
   * anything reads one), else {@link #take}: for ops that know which only at run time (a product
   * with beta = 0 or one that adds into its result, a sequence with or without padding).
   */
  public static float[] take(int n, boolean writtenWhole) {
    return writtenWhole ? takeUninitialised(n) : take(n);
  }

  /**
   * An array of {@code n} floats with arbitrary contents, for kernels that write every element
   * before they read any (an elementwise map, a copy).
   */
  public static float[] takeUninitialised(int n) {
    if (n < MIN_LENGTH) {
      return new float[n];
    }
    float[] a = pop(n);
    if (a == null) {
      a = new float[n];
    }
    GradientBuffers.noteTaken(a);
    return a;
  }

  /**
   * Gives {@code a} back for reuse. The caller promises that nothing else will read or write it: a
   * wrong call would let two tensors share one array, which is why only the autograd engine calls
   * it (see the class comment). Giving the same array twice is detected and ignored.
   */
  public static synchronized void give(float[] a) {
    if (!enabled || a == null || a.length < MIN_LENGTH) {
      return;
    }
    GradientBuffers.noteGiven(a);
    int slot = slot(a.length, true);
    float[][] stack = stacks[slot];
    int c = counts[slot];
    if (c == stack.length) {
      return;
    }
    for (int i = 0; i < c; i++) {
      if (stack[i] == a) {
        return;
      }
    }
    lastUse[slot] = ++clock;
    if (bytes + 4L * a.length > MAX_BYTES && !evictFor(4L * a.length, slot)) {
      return;
    }
    stack[c] = a;
    counts[slot] = c + 1;
    bytes += 4L * a.length;
  }

  /**
   * Drops arrays of the lengths used longest ago, other than {@code keep}'s, until {@code need}
   * more bytes fit; false (nothing dropped) when they cannot.
   */
  private static boolean evictFor(long need, int keep) {
    long others = bytes - 4L * counts[keep] * lengths[keep];
    if (4L * counts[keep] * lengths[keep] + need > MAX_BYTES || others <= 0) {
      return false;
    }
    while (bytes + need > MAX_BYTES) {
      int oldest = -1;
      for (int i = 0; i < lengths.length; i++) {
        if (i != keep && counts[i] > 0 && (oldest < 0 || lastUse[i] < lastUse[oldest])) {
          oldest = i;
        }
      }
      int c = --counts[oldest];
      stacks[oldest][c] = null;
      bytes -= 4L * lengths[oldest];
    }
    return true;
  }

  /**
   * Switches recycling on (the default) or off ({@code -Dcrema.pool=off}): off, every {@link #take}
   * allocates, as before the pool existed. Values are the same either way; the switch is for
   * measuring what the pool saves and for tests that prove it.
   */
  public static void setEnabled(boolean on) {
    enabled = on;
    if (!on) {
      clear();
    }
  }

  /** Drops every pooled array (they become garbage). */
  public static synchronized void clear() {
    for (int i = 0; i < counts.length; i++) {
      if (stacks[i] != null) {
        Arrays.fill(stacks[i], null);
      }
      counts[i] = 0;
    }
    bytes = 0;
  }

  /** Bytes held by the pool now (for tests and diagnostics). */
  public static synchronized long pooledBytes() {
    return bytes;
  }

  private static synchronized float[] pop(int n) {
    int slot = slot(n, false);
    if (slot < 0 || counts[slot] == 0) {
      return null;
    }
    int c = --counts[slot];
    float[] a = stacks[slot][c];
    stacks[slot][c] = null;
    bytes -= 4L * n;
    lastUse[slot] = ++clock;
    return a;
  }

  /** The table slot of length {@code n}, added if {@code create}; -1 if absent. */
  private static int slot(int n, boolean create) {
    int mask = lengths.length - 1;
    for (int i = (n * 0x9E3779B9) >>> 24 & mask; ; i = (i + 1) & mask) {
      if (lengths[i] == n) {
        return i;
      }
      if (lengths[i] == 0) {
        if (!create) {
          return -1;
        }
        if (used == MAX_LENGTHS) {
          forgetOldLengths();
          return slot(n, true);
        }
        lengths[i] = n;
        stacks[i] = new float[PER_LENGTH][];
        used++;
        return i;
      }
    }
  }

  /**
   * Keeps the half of the lengths used most recently, with their arrays, in a new table; the
   * others' arrays become garbage. Rare: only a kernel that has seen {@link #MAX_LENGTHS} lengths.
   */
  private static void forgetOldLengths() {
    Integer[] order = new Integer[lengths.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, (p, q) -> Long.compare(lastUse[q], lastUse[p]));
    int[] oldLengths = lengths;
    float[][][] oldStacks = stacks;
    int[] oldCounts = counts;
    long[] oldUse = lastUse;
    lengths = new int[oldLengths.length];
    stacks = new float[oldLengths.length][][];
    counts = new int[oldLengths.length];
    lastUse = new long[oldLengths.length];
    used = 0;
    bytes = 0;
    for (int k = 0; k < order.length && used < MAX_LENGTHS / 2; k++) {
      int i = order[k];
      if (oldLengths[i] == 0) {
        continue;
      }
      int j = slot(oldLengths[i], true);
      stacks[j] = oldStacks[i];
      counts[j] = oldCounts[i];
      lastUse[j] = oldUse[i];
      bytes += 4L * oldCounts[i] * oldLengths[i];
    }
  }
}
