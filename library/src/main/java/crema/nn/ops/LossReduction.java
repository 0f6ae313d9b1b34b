package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.Parallel;
import crema.tensor.Tensor;

/**
 * How a loss op turns its per-element values into its result: the op's side of {@code
 * crema.nn.Reduction}, which users pass to a loss and which maps onto this one constant by
 * constant. The ops keep their own enum because they sit below {@code crema.nn} and may not use it.
 *
 * <ul>
 *   <li>{@link #MEAN}: {@code Σ lᵢ / n}, a scalar; backward scales by {@code g / n}.
 *   <li>{@link #SUM}: {@code Σ lᵢ}, a scalar; backward scales by {@code g}.
 *   <li>{@link #NONE}: the values themselves; backward multiplies element by element.
 *   <li>{@link #BATCHMEAN}: {@code Σ lᵢ / batch}; backward scales by {@code g / batch}.
 * </ul>
 */
public enum LossReduction {
  MEAN,
  SUM,
  NONE,
  BATCHMEAN;

  /**
   * Reduces per-element values {@code l} (in the shape {@code shape}); sums in double so that the
   * mean of a large batch keeps float precision. {@code batch} is read by {@link #BATCHMEAN} only.
   */
  public Tensor reduce(float[] l, int[] shape, int batch) {
    if (this == NONE) {
      return Tensor.wrap(l, shape);
    }
    double sum = 0;
    for (float v : l) {
      sum += v;
    }
    return switch (this) {
      case SUM -> scalar(sum);
      case MEAN -> scalar(sum / l.length);
      case BATCHMEAN -> scalar(sum / batch);
      case NONE -> throw new AssertionError();
    };
  }

  /**
   * Per-element losses written by {@code fill} over the cores (pieces of at least {@code grain}
   * elements, each {@code fill.run(l, from, to)} writing {@code l[from .. to)}), then {@link
   * #reduce}d ({@code batch} as there). When the result is a scalar the values live only here:
   * their array comes from the pool and goes back to it.
   */
  Tensor reduceElementwise(int n, int[] shape, int batch, int grain, Elementwise fill) {
    float[] l = takeLosses(n);
    Parallel.parallelFor(n, grain, (from, to) -> fill.run(l, from, to));
    return reduceLosses(l, shape, batch); // sequential, in one order
  }

  /**
   * An array for {@code n} per-element losses that the caller writes whole: from the pool when this
   * reduction sums them ({@link #reduceLosses} gives it back), a fresh one when they are the result
   * itself ({@link #NONE}), which the user may keep.
   */
  float[] takeLosses(int n) {
    return this != NONE ? ArrayPool.takeUninitialised(n) : new float[n];
  }

  /** {@link #reduce}s losses taken with {@link #takeLosses}, and gives the array back if summed. */
  Tensor reduceLosses(float[] l, int[] shape, int batch) {
    Tensor loss = reduce(l, shape, batch);
    if (this != NONE) {
      ArrayPool.give(l);
    }
    return loss;
  }

  /** Writes the losses {@code l[from .. to)} of one piece. */
  interface Elementwise {
    void run(float[] l, int from, int to);
  }

  /**
   * The chain rule through this reduction, in place: multiplies the local derivatives {@code d}
   * (one per element) by the upstream gradient, divided as {@link #reduce} divided.
   */
  public float[] chain(float[] d, Tensor gradOut, int batch) {
    float[] g = gradOut.data();
    if (this == NONE) {
      for (int i = 0; i < d.length; i++) {
        d[i] *= g[i];
      }
      return d;
    }
    double scale =
        switch (this) {
          case SUM -> g[0];
          case MEAN -> (double) g[0] / d.length;
          case BATCHMEAN -> (double) g[0] / batch;
          case NONE -> throw new AssertionError();
        };
    float s = (float) scale;
    for (int i = 0; i < d.length; i++) {
      d[i] *= s;
    }
    return d;
  }

  /** A 0-dimensional result tensor. */
  static Tensor scalar(double value) {
    return Tensor.scalar((float) value);
  }
}
