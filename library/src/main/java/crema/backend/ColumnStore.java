package crema.backend;

import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Recycled arrays for the column matrices that a convolution's forward keeps for its backward.
 *
 * <p>Backward needs {@code im2col(x)} again for the weight gradient. Keeping the forward's columns
 * saves computing them twice, but a fresh array per step would cost about as much as it saves: the
 * JVM zeroes every new array, and LeNet's two layers keep 2.2 million floats per batch. So backward
 * hands its array back here and the next forward of the same size takes it again. The store holds
 * its arrays softly (the collector may take them when memory runs short) and holds only a few.
 *
 * <pre>{@code
 * float[] cols = ColumnStore.take(n * k * p);   // contents undefined: im2col overwrites them
 * ...
 * ColumnStore.give(cols);                        // after the last use
 * }</pre>
 */
public final class ColumnStore {
  /** Arrays kept at most: a few layers' worth, enough for the course's models. */
  private static final int MAX_KEPT = 8;

  private static final List<SoftReference<float[]>> FREE = new ArrayList<>();

  private ColumnStore() {}

  /** An array of exactly {@code size} floats, recycled when one is free; contents undefined. */
  public static float[] take(int size) {
    synchronized (FREE) {
      for (Iterator<SoftReference<float[]>> it = FREE.iterator(); it.hasNext(); ) {
        float[] a = it.next().get();
        if (a == null) {
          it.remove();
        } else if (a.length == size) {
          it.remove();
          return a;
        }
      }
    }
    return new float[size];
  }

  /** Returns an array for reuse; the caller must not touch it afterwards. */
  public static void give(float[] a) {
    synchronized (FREE) {
      if (FREE.size() >= MAX_KEPT) FREE.remove(0);
      FREE.add(new SoftReference<>(a));
    }
  }
}
