package crema.backend;

import java.util.Arrays;

/**
 * The arrays that library ops took from the {@link ArrayPool} during one backward pass on this
 * thread: the gradients that flow from node to node.
 *
 * <p>Why the engine may recycle exactly these: each was created after the pass began, by a {@code
 * backward} that returned it, so no user tensor can have been built on it before; the only
 * references to it are the engine's pending-gradient slot and the {@code backward} results it came
 * from. Each array has a count of its readers: one when taken, one more for each further input that
 * a {@code backward} hands the same array to ({@link #share}; an addition passes its gradient to
 * both of its inputs, so every residual connection does this). Once every node that reads it has
 * run, nothing reads it again, and the engine gives it back ({@link #recycle}). A retained gradient
 * ({@code Tensor.retainGrad()}) is a copy; a leaf's {@code grad} is one of these arrays only when
 * it has no other reader ({@link #claim}).
 *
 * <p>The record lives in a thread-local slot while the engine runs ({@link #open}), and only while
 * the {@code backward} of one of the library's own ops runs ({@link #record}); ops called on other
 * threads (the worker team) are not recorded either, so their arrays are simply never recycled.
 */
public final class GradientBuffers {
  private static final ThreadLocal<GradientBuffers> CURRENT = new ThreadLocal<>();

  private float[][] taken = new float[32][];
  private int[] readers = new int[32];
  private boolean recording;
  private int count;
  private GradientBuffers outer;

  private GradientBuffers() {}

  /** Starts recording on this thread (a backward inside a backward gets its own record). */
  public static GradientBuffers open() {
    GradientBuffers b = new GradientBuffers();
    b.outer = CURRENT.get();
    CURRENT.set(b);
    return b;
  }

  /**
   * Records what the next {@code backward} takes, or not: the autograd engine records the library's
   * own ops only, which keep nothing they return. A {@code Function} written elsewhere (a
   * participant's custom op, which might keep its result to show it) is not recorded, so nothing it
   * returns is ever recycled.
   */
  public void record(boolean on) {
    recording = on;
  }

  /** Stops recording until the next {@link #record}. */
  public void pause() {
    recording = false;
  }

  /** Stops recording; arrays never recycled are left to the collector. */
  public void close() {
    if (outer == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(outer);
    }
  }

  /** Called by the pool for every array it hands out (pooled lengths only). */
  static void noteTaken(float[] a) {
    GradientBuffers b = CURRENT.get();
    if (b != null && b.recording) {
      if (b.count == b.taken.length) {
        b.taken = Arrays.copyOf(b.taken, b.count * 2);
        b.readers = Arrays.copyOf(b.readers, b.count * 2);
      }
      b.readers[b.count] = 1;
      b.taken[b.count++] = a;
    }
  }

  /**
   * Called by the pool for every array given back. An op's {@code backward} that takes a workspace
   * and gives it back itself (a block's partial sum) leaves the record: else the next taker of that
   * array, perhaps a participant's own op that is never recorded, would find its result recycled.
   */
  static void noteGiven(float[] a) {
    GradientBuffers b = CURRENT.get();
    if (b != null) {
      int i = b.indexOf(a);
      if (i >= 0) {
        b.remove(i);
      }
    }
  }

  /**
   * An array of {@code n} floats, contents arbitrary, for a gradient the engine makes itself (the
   * sum of two contributions to one tensor): recorded like the arrays the ops' {@code backward}
   * takes, so that it is recycled the same way once its consumer has run.
   */
  public float[] take(int n) {
    boolean was = recording;
    recording = true;
    try {
      return ArrayPool.takeUninitialised(n);
    } finally {
      recording = was;
    }
  }

  /**
   * One reader of {@code a} is done with it: once the last one is, and if it was taken in this
   * pass, it goes back to the pool.
   */
  public void recycle(float[] a) {
    int i = indexOf(a);
    if (i >= 0 && --readers[i] == 0) {
      remove(i);
      ArrayPool.give(a);
    }
  }

  /**
   * Hands {@code a} over for good if it was taken in this pass and has no other reader: a leaf's
   * first gradient can then be that array itself instead of a copy of it.
   */
  public boolean claim(float[] a) {
    int i = indexOf(a);
    if (i < 0 || readers[i] != 1) {
      return false;
    }
    remove(i);
    return true;
  }

  /**
   * {@code a} has one more reader: a {@code backward} returned it for one more input (each reader
   * later calls {@link #recycle} or {@link #claim} once).
   */
  public void share(float[] a) {
    int i = indexOf(a);
    if (i >= 0) {
      readers[i]++;
    }
  }

  private int indexOf(float[] a) {
    for (int i = count - 1; i >= 0; i--) {
      if (taken[i] == a) {
        return i;
      }
    }
    return -1;
  }

  private void remove(int i) {
    int last = --count;
    taken[i] = taken[last];
    readers[i] = readers[last];
    taken[last] = null;
  }
}
