package crema.nn.ops;

/**
 * The course's pooling, 2×2 windows with stride 2 and no padding, without the general loop's
 * bookkeeping: forward and backward of {@link MaxPool2dFunction} for that case.
 *
 * <p>Forward: {@code out[p, i, j] = max(x[p, 2i, 2j], x[p, 2i, 2j+1], x[p, 2i+1, 2j], x[p, 2i+1,
 * 2j+1])} (an odd last row or column is dropped, as in PyTorch's floor mode). The winner is kept as
 * a 2-bit offset {@code 0..3} in that order (a byte per output instead of an int index).
 *
 * <p>Backward: {@code dx[winner] = dY[p, i, j]}, every other input gets 0. The windows do not
 * overlap, so each input receives at most one gradient: one store per output, no accumulation.
 *
 * <p>The same results as a scan with strict comparisons, which is what PyTorch does: the first of
 * equal values wins (so {@code -0.0} before {@code +0.0} stays {@code -0.0}), and a NaN wins its
 * window (the last NaN, as PyTorch's {@code val > max || isnan(val)}). The loop has no
 * data-dependent branch in the common case: which of the four wins is random, so a comparison that
 * branches mispredicts about every other window. The plain scan cost about 9 ns per window, and a
 * chain of {@code m == a ? 0 : m == b ? 1 : ...} (which C2 compiles to branches) about 14 ns on
 * random data; comparisons turned into 0 or 1 and bit masks instead (see {@link #poolRow}) cost
 * 3.5-4 ns.
 *
 * <pre>{@code
 * MaxPool2x2.forward(x, planes, h, w, false, out, winner);   // out: planes·(h/2)·(w/2) floats
 * }</pre>
 */
final class MaxPool2x2 {
  private MaxPool2x2() {}

  /**
   * Pools {@code planes} planes of {@code h×w} from {@code x} into {@code out} and {@code winner}.
   */
  static void forward(
      float[] x, int planes, int h, int w, boolean minimum, float[] out, byte[] winner) {
    overWindowRows(planes, h, w, (row, o) -> poolRow(x, row, w, w / 2, minimum, out, winner, o));
  }

  /**
   * One output row from input rows {@code row} and {@code row + w}: a tournament of strict
   * comparisons, the scan's rule ({@code b > a} or, for {@code minimum}, {@code b < a}: a tie keeps
   * the earlier value, so {@code -0.0} before {@code +0.0} stays {@code -0.0}), first within each
   * pair of a row and then between the two rows' winners. Each comparison becomes a 0 or 1 and
   * picks a value and an offset with bit masks, so the loop has no branch on the data: which of the
   * four wins is random, and a branch mispredicts about every other window. A window holding a NaN
   * (its sum is NaN; so is that of {@code +∞} and {@code −∞}, rare too) takes the scalar {@link
   * #slowWinner} instead. About 3.7 ns a window against 6.5 for {@code Math.max} and {@link
   * #winner} on every window (ReLU outputs of a CNN's first layer, JDK 25). {@code minimum} is the
   * same for the whole loop, so the JIT moves its test out of the loop.
   */
  private static void poolRow(
      float[] x, int row, int w, int ow, boolean minimum, float[] out, byte[] win, int o) {
    for (int j = 0; j < ow; j++) {
      int at = row + 2 * j;
      float a = x[at], b = x[at + 1], c = x[at + w], d = x[at + w + 1];
      int k;
      int m;
      float sum = (a + b) + (c + d);
      if (sum == sum) {
        int top = beats(b, a, minimum); // b wins the top pair
        int bottom = beats(d, c, minimum);
        int t = pick(Float.floatToRawIntBits(a), Float.floatToRawIntBits(b), top);
        int u = pick(Float.floatToRawIntBits(c), Float.floatToRawIntBits(d), bottom);
        int down = beats(Float.intBitsToFloat(u), Float.intBitsToFloat(t), minimum);
        k = pick(top, 2 + bottom, down);
        m = pick(t, u, down);
      } else {
        k = slowWinner(a, b, c, d, minimum);
        m = Float.floatToRawIntBits(x[at + (k & 1) + (k >> 1) * w]);
      }
      win[o + j] = (byte) k;
      out[o + j] = Float.intBitsToFloat(m);
    }
  }

  /** {@code second} if {@code secondWins} is 1, {@code first} if it is 0, without a branch. */
  private static int pick(int first, int second, int secondWins) {
    return first ^ ((first ^ second) & -secondWins);
  }

  /** 1 if {@code v} beats {@code u} in the scan ({@code v > u}, or {@code v < u} for minimum). */
  private static int beats(float v, float u, boolean minimum) {
    return (minimum ? v < u : v > u) ? 1 : 0;
  }

  /**
   * The scan's winner of a window holding a NaN (or both infinities): {@code Math.max} (or {@code
   * Math.min}) of the four, then the first offset equal to it, or the last NaN.
   */
  private static int slowWinner(float a, float b, float c, float d, boolean minimum) {
    float m =
        minimum
            ? Math.min(Math.min(a, b), Math.min(c, d))
            : Math.max(Math.max(a, b), Math.max(c, d));
    return m != m ? lastNaN(a, b, c, d) : winner(m, a, b, c);
  }

  /**
   * The offset of the first of a, b, c, d that equals {@code m} (3 when none of a, b, c does), as
   * {@code na·(1 + nb·(1 + nc))} with {@code nv} = 0 when v equals m, else 1 ({@code ==}, so {@code
   * -0.0} equals {@code 0.0}).
   */
  private static int winner(float m, float a, float b, float c) {
    int na = m == a ? 0 : 1, nb = m == b ? 0 : 1, nc = m == c ? 0 : 1;
    return na * (1 + nb * (1 + nc));
  }

  /** The offset of the last NaN among a, b, c and d (PyTorch's scan lets each NaN take over). */
  private static int lastNaN(float a, float b, float c, float d) {
    return d != d ? 3 : c != c ? 2 : b != b ? 1 : 0;
  }

  /**
   * Routes {@code gy} (one value per output) to the winners in {@code dx}, which must be zero and
   * hold {@code planes·h·w} floats.
   */
  static void backward(float[] gy, byte[] winner, int planes, int h, int w, float[] dx) {
    int ow = w / 2;
    overWindowRows(
        planes,
        h,
        w,
        (row, o) -> {
          for (int j = 0; j < ow; j++) {
            int k = winner[o + j];
            dx[row + 2 * j + (k & 1) + (k >> 1) * w] = gy[o + j];
          }
        });
  }

  /**
   * One row of windows: they read input rows {@code row} and {@code row + w}, write from {@code o}.
   */
  private interface WindowRow {
    void run(int row, int o);
  }

  /**
   * Runs {@code task} for every row of 2×2 windows of {@code planes} planes of {@code h×w}, the
   * planes split over the cores.
   */
  private static void overWindowRows(int planes, int h, int w, WindowRow task) {
    int oh = h / 2, ow = w / 2;
    PoolGeometry.overPlanes(
        planes,
        h * w,
        (from, to) -> {
          for (int pl = from; pl < to; pl++) {
            for (int i = 0; i < oh; i++) task.run(pl * h * w + 2 * i * w, (pl * oh + i) * ow);
          }
        });
  }
}
