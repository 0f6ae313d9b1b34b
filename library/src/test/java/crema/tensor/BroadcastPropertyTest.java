package crema.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Random shapes against a naive, index-by-index implementation of the same rule: broadcasting for
 * every pair of compatible shapes up to rank 4, permutations, and sums over dimension subsets.
 */
class BroadcastPropertyTest {
  private final Rng rng = new Rng(2024);

  private int[] randomShape(int rank) {
    int[] s = new int[rank];
    for (int i = 0; i < rank; i++) {
      s[i] = 1 + rng.nextInt(4);
    }
    return s;
  }

  /** A shape that broadcasts with {@code s}: a suffix of it with some sizes replaced by 1. */
  private int[] compatible(int[] s) {
    int rank = rng.nextInt(s.length + 1);
    int[] r = new int[rank];
    for (int i = 0; i < rank; i++) {
      r[i] = rng.nextInt(3) == 0 ? 1 : s[s.length - rank + i];
    }
    return r;
  }

  private static float at(Tensor t, int[] outIndex) {
    int[] s = t.shape();
    int off = outIndex.length - s.length;
    int flat = 0;
    for (int i = 0; i < s.length; i++) {
      int idx = s[i] == 1 ? 0 : outIndex[off + i];
      flat = flat * s[i] + idx;
    }
    return t.data()[flat];
  }

  private static int[] unravel(int flat, int[] shape) {
    int[] idx = new int[shape.length];
    for (int i = shape.length - 1; i >= 0; i--) {
      idx[i] = flat % shape[i];
      flat /= shape[i];
    }
    return idx;
  }

  @Test
  void coalescingMergesDimensionsBothInputsWalkAlike() {
    // [2, 3, 4, 5] + [1, 3, 1, 1] (a conv bias): H and W merge, C stays, N stays.
    int[] shape = {2, 3, 4, 5};
    int[] sa = Shapes.broadcastStrides(shape, shape);
    int[] sb = Shapes.broadcastStrides(new int[] {1, 3, 1, 1}, shape);
    int rank = Broadcast.coalesce(shape, sa, sb);
    assertEquals(3, rank);
    assertArrayEquals(new int[] {2, 3, 20}, java.util.Arrays.copyOf(shape, rank));
    assertArrayEquals(new int[] {60, 20, 1}, java.util.Arrays.copyOf(sa, rank));
    assertArrayEquals(new int[] {0, 1, 0}, java.util.Arrays.copyOf(sb, rank));
    // [6, 1, 7] + [7]: the size-1 dimension goes, then nothing merges ([6, 7] with b a row).
    int[] s2 = {6, 1, 7};
    int[] a2 = Shapes.broadcastStrides(s2, s2);
    int[] b2 = Shapes.broadcastStrides(new int[] {7}, s2);
    assertEquals(2, Broadcast.coalesce(s2, a2, b2));
    assertArrayEquals(new int[] {7, 1}, java.util.Arrays.copyOf(a2, 2));
    assertArrayEquals(new int[] {0, 1}, java.util.Arrays.copyOf(b2, 2));
  }

  @Test
  void binaryOpsFollowNumPyBroadcasting() {
    for (int trial = 0; trial < 300; trial++) {
      int[] sa = randomShape(rng.nextInt(5));
      int[] sb = compatible(sa);
      if (rng.nextInt(2) == 0) { // either side may be the larger one
        int[] t = sa;
        sa = sb;
        sb = t;
      }
      Tensor a = Tensor.randn(rng, sa);
      Tensor b = Tensor.randn(rng, sb).add(3f); // away from 0 for div
      Tensor sum = a.add(b);
      Tensor quo = a.div(b);
      Tensor max = a.maximum(b);
      int[] out = sum.shape();
      assertArrayEquals(Shapes.broadcast("t", sa, sb), out);
      for (int f = 0; f < sum.numel(); f++) {
        int[] idx = unravel(f, out);
        float x = at(a, idx);
        float y = at(b, idx);
        assertEquals(x + y, sum.data()[f]);
        assertEquals(x / y, quo.data()[f]);
        assertEquals(Math.max(x, y), max.data()[f]);
      }
    }
  }

  @Test
  void longTensorsSplitOverTheCoresFollowTheSameRule() {
    // Outputs of 65,536 elements and more go to the cores in blocks of rows (or, for equal shapes
    // and a scalar, of elements): each block's walk starts from its first row's offsets.
    int checked = 0;
    while (checked < 12) {
      int rank = 2 + rng.nextInt(3);
      int[] sa = new int[rank];
      for (int i = 0; i < rank; i++) sa[i] = 1 + rng.nextInt(48);
      int[] sb = checked % 4 == 0 ? sa.clone() : checked % 4 == 1 ? new int[] {1} : compatible(sa);
      if (Shapes.numel(sa) < 65_536) {
        continue;
      }
      if (rng.nextInt(2) == 0) {
        int[] t = sa;
        sa = sb;
        sb = t;
      }
      Tensor a = Tensor.randn(rng, sa);
      Tensor b = Tensor.randn(rng, sb);
      Tensor sum = a.add(b);
      Tensor gt = a.gt(b);
      int[] out = sum.shape();
      for (int f = 0; f < sum.numel(); f++) {
        int[] idx = unravel(f, out);
        float x = at(a, idx);
        float y = at(b, idx);
        assertEquals(x + y, sum.data()[f]);
        assertEquals(x > y ? 1f : 0f, gt.data()[f]);
      }
      checked++;
    }
  }

  @Test
  void permuteMovesEveryElement() {
    for (int trial = 0; trial < 100; trial++) {
      int rank = 1 + rng.nextInt(4);
      int[] s = randomShape(rank);
      int[] perm = rng.permutation(rank);
      Tensor x = Tensor.randn(rng, s);
      Tensor y = x.permute(perm);
      int[] ys = y.shape();
      for (int f = 0; f < y.numel(); f++) {
        int[] oi = unravel(f, ys);
        int[] ii = new int[rank];
        for (int d = 0; d < rank; d++) {
          ii[perm[d]] = oi[d];
        }
        assertEquals(x.get(ii), y.data()[f]);
      }
    }
  }

  @Test
  void sumsOverAnySubsetOfDimensions() {
    for (int trial = 0; trial < 100; trial++) {
      int rank = 1 + rng.nextInt(4);
      int[] s = randomShape(rank);
      Tensor x = Tensor.randn(rng, s);
      boolean[] red = new boolean[rank];
      int count = 0;
      for (int d = 0; d < rank; d++) {
        red[d] = rng.nextInt(2) == 0;
        count += red[d] ? 1 : 0;
      }
      int[] dims = new int[count];
      for (int d = 0, j = 0; d < rank; d++) {
        if (red[d]) {
          dims[j++] = d - (rng.nextInt(2) == 0 ? rank : 0); // negative dims too
        }
      }
      Tensor got = x.sum(dims, true);
      double[] want = new double[got.numel()];
      int[] gs = got.shape();
      for (int f = 0; f < x.numel(); f++) {
        int[] idx = unravel(f, s);
        int o = 0;
        for (int d = 0; d < rank; d++) {
          o = o * gs[d] + (red[d] ? 0 : idx[d]);
        }
        want[o] += x.data()[f];
      }
      for (int o = 0; o < want.length; o++) {
        assertEquals(want[o], got.data()[o], 1e-5 * Math.max(1, Math.abs(want[o])));
      }
    }
  }
}
