package crema.nn.functional;

import crema.tensor.Blas;
import crema.tensor.Function;
import crema.tensor.Parallel;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * One direction of one GRU layer over a whole batch of sequences, as a single autograd node, the
 * same way {@link LstmFunction} does it for the LSTM. Gates in PyTorch's order r, z, n; the hidden
 * projection keeps its own bias because {@code b_hn} sits inside {@code r ⊙ (…)}:
 *
 * <pre>
 * a = x_t·W_ihᵀ + b_ih      p = h_{t−1}·W_hhᵀ + b_hh          (both [B, 3H])
 * r = σ(a_r + p_r)   z = σ(a_z + p_z)   n = tanh(a_n + r ⊙ p_n)
 * h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
 * </pre>
 *
 * Backward, with {@code dh} the gradient reaching {@code h_t}:
 *
 * <pre>
 * dn' = dh ⊙ (1 − z) ⊙ (1 − n²)                  (gradient of a_n)
 * dz' = dh ⊙ (h_{t−1} − n) ⊙ z(1 − z)            dr' = dn' ⊙ p_n ⊙ r(1 − r)
 * da = [dr', dz', dn']     dp = [dr', dz', dn' ⊙ r]
 * dh_{t−1} = dh ⊙ z + dp · W_hh
 * dW_ih = Σ daᵀ·x_t   dW_hh = Σ dpᵀ·h_{t−1}   db_ih = Σ da   db_hh = Σ dp   dx_t = da·W_ih
 * </pre>
 *
 * Inputs {@code x [B, T, I]}, {@code h0 [B, H]}, {@code W_ih [3H, I]}, {@code W_hh [3H, H]}, then
 * optionally {@code b_ih} and {@code b_hh} {@code [3H]}. The output packs the outputs {@code h_t}
 * (rows {@code 0..T−1}) and the final {@code h} (row {@code T}) into {@code [B, T + 1, H]}. {@code
 * lengths} and {@code reverse} work as in {@link LstmFunction}.
 *
 * <pre>{@code
 * Tensor packed = new GruFunction(false, null).apply(x, h0, wIh, wHh, bIh, bHh);
 * Tensor out = packed.slice(1, 0, T);                           // [B, T, H]
 * }</pre>
 */
public final class GruFunction extends Function {
  private final boolean reverse;
  private final int[] lengths;

  private int b;
  private int t;
  private int in;
  private int hid;
  private Tensor x;
  private Tensor wIh;
  private Tensor wHh;
  private boolean hasBias;

  // Saved for backward, batch-major: a [B, T, 3H] with r, z, n activated in place; p [B, T, 3H]
  // the hidden projections (p_n is read back); hPrev [B, T, H] the state entering step t.
  private float[] a;
  private float[] p;
  private float[] hPrev;

  /**
   * @param reverse run from the last step to the first
   * @param lengths each sequence's true length ({@code 1..T}), or null when all are {@code T} long
   */
  public GruFunction(boolean reverse, int[] lengths) {
    this.reverse = reverse;
    this.lengths = lengths == null ? null : lengths.clone();
  }

  private int step(int k) {
    return reverse ? t - 1 - k : k;
  }

  private boolean valid(int row, int s) {
    return lengths == null || s < lengths[row];
  }

  @Override
  protected Tensor forward(Tensor... inputs) {
    check(inputs);
    x = inputs[0];
    wIh = inputs[2];
    wHh = inputs[3];
    hasBias = inputs.length == 6;
    int g3 = 3 * hid;
    // One sequence of slack: the per-step GEMMs address these with a whole sequence as row stride,
    // and the native BLAS wrapper bounds-checks as if the last row were full length.
    a = new float[(b + 1) * t * g3];
    p = new float[(b + 1) * t * g3];
    hPrev = new float[(b + 1) * t * hid];
    float[] packed = new float[b * (t + 1) * hid];
    float[] bIh = hasBias ? inputs[4].data() : null;
    float[] bHh = hasBias ? inputs[5].data() : null;
    float[] h0 = inputs[1].data();
    forEachSlice((lo, hi) -> forwardRows(lo, hi, bIh, bHh, h0, packed));
    return Tensor.wrap(packed, b, t + 1, hid);
  }

  private void forwardRows(int lo, int hi, float[] bIh, float[] bHh, float[] h0, float[] packed) {
    int rows = hi - lo;
    int g3 = 3 * hid;
    if (hasBias) {
      for (int r = lo * t; r < hi * t; r++) {
        System.arraycopy(bIh, 0, a, r * g3, g3);
        System.arraycopy(bHh, 0, p, r * g3, g3);
      }
    }
    Blas.sgemm(
        false,
        true,
        rows * t,
        g3,
        in,
        1f,
        x.data(),
        lo * t * in,
        in,
        wIh.data(),
        0,
        in,
        hasBias ? 1f : 0f,
        a,
        lo * t * g3,
        g3);
    int s0 = step(0);
    for (int r = lo; r < hi; r++) {
      System.arraycopy(h0, r * hid, hPrev, (r * t + s0) * hid, hid);
    }
    float[] whh = wHh.data();
    for (int k = 0; k < t; k++) {
      int s = step(k);
      // p_t = b_hh + h_{t−1}·W_hhᵀ for these rows (the bias is already in place).
      Blas.sgemm(
          false,
          true,
          rows,
          g3,
          hid,
          1f,
          hPrev,
          (lo * t + s) * hid,
          t * hid,
          whh,
          0,
          hid,
          1f,
          p,
          (lo * t + s) * g3,
          t * g3);
      boolean last = k == t - 1;
      int sNext = last ? 0 : step(k + 1);
      for (int r = lo; r < hi; r++) {
        int gi = (r * t + s) * g3;
        int si = (r * t + s) * hid;
        float[] hDst = last ? packed : hPrev;
        int hi0 = last ? (r * (t + 1) + t) * hid : (r * t + sNext) * hid;
        if (!valid(r, s)) {
          System.arraycopy(hPrev, si, hDst, hi0, hid); // padding: the state passes through
          continue;
        }
        for (int j = 0; j < 2 * hid; j++) a[gi + j] += p[gi + j];
        GateMath.sigmoid(a, gi, 2 * hid); // r and z
        for (int j = 0; j < hid; j++) a[gi + 2 * hid + j] += a[gi + j] * p[gi + 2 * hid + j];
        GateMath.tanh(a, gi + 2 * hid, hid); // n
        int oi = (r * (t + 1) + s) * hid;
        for (int j = 0; j < hid; j++) {
          float z = a[gi + hid + j];
          float h = (1 - z) * a[gi + 2 * hid + j] + z * hPrev[si + j];
          packed[oi + j] = h;
          hDst[hi0 + j] = h;
        }
      }
    }
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    int g3 = 3 * hid;
    float[] dPacked = gradOut.data();
    float[] da = new float[(b + 1) * t * g3]; // slack as in forward
    float[] dp = new float[(b + 1) * t * g3];
    float[] dh0 = needsInputGrad(1) ? new float[b * hid] : null;
    float[] dx = needsInputGrad(0) ? new float[b * t * in] : null;
    int slices = slices();
    float[][] dWih = new float[slices][g3 * in];
    float[][] dWhh = new float[slices][g3 * hid];
    float[][] dbIh = new float[slices][g3];
    float[][] dbHh = new float[slices][g3];
    Parallel.parallelFor(
        slices,
        1,
        (c0, c1) -> {
          for (int c = c0; c < c1; c++) {
            int lo = b * c / slices;
            int hi = b * (c + 1) / slices;
            backwardRows(lo, hi, dPacked, da, dp, dh0, dx);
            sharesOf(lo, hi, da, dp, dWih[c], dWhh[c], dbIh[c], dbHh[c]);
          }
        });
    for (int c = 1; c < slices; c++) {
      add(dWih[0], dWih[c]);
      add(dWhh[0], dWhh[c]);
      add(dbIh[0], dbIh[c]);
      add(dbHh[0], dbHh[c]);
    }
    Tensor[] grads = new Tensor[hasBias ? 6 : 4];
    grads[0] = dx == null ? null : Tensor.wrap(dx, b, t, in);
    grads[1] = dh0 == null ? null : Tensor.wrap(dh0, b, hid);
    grads[2] = Tensor.wrap(dWih[0], g3, in);
    grads[3] = Tensor.wrap(dWhh[0], g3, hid);
    if (hasBias) {
      grads[4] = Tensor.wrap(dbIh[0], g3);
      grads[5] = Tensor.wrap(dbHh[0], g3);
    }
    return grads;
  }

  /** Backpropagation through time for the sequences {@code [lo, hi)}: fills da, dp, dh0, dx. */
  private void backwardRows(
      int lo, int hi, float[] dPacked, float[] da, float[] dp, float[] dh0, float[] dx) {
    int rows = hi - lo;
    if (rows == 0) return;
    int g3 = 3 * hid;
    float[] dh = new float[rows * hid];
    for (int r = lo; r < hi; r++) {
      System.arraycopy(dPacked, (r * (t + 1) + t) * hid, dh, (r - lo) * hid, hid);
    }
    float[] whh = wHh.data();
    for (int k = t - 1; k >= 0; k--) {
      int s = step(k);
      for (int r = lo; r < hi; r++) {
        if (!valid(r, s)) continue; // padding: dh passes through, da and dp stay zero
        int gi = (r * t + s) * g3;
        int si = (r * t + s) * hid;
        int oi = (r * (t + 1) + s) * hid;
        int di = (r - lo) * hid;
        for (int j = 0; j < hid; j++) {
          float rg = a[gi + j];
          float z = a[gi + hid + j];
          float n = a[gi + 2 * hid + j];
          float dhj = dh[di + j] + dPacked[oi + j];
          float dn = dhj * (1 - z) * (1 - n * n);
          float dr = dn * p[gi + 2 * hid + j] * rg * (1 - rg);
          float dz = dhj * (hPrev[si + j] - n) * z * (1 - z);
          da[gi + j] = dr;
          da[gi + hid + j] = dz;
          da[gi + 2 * hid + j] = dn;
          dp[gi + j] = dr;
          dp[gi + hid + j] = dz;
          dp[gi + 2 * hid + j] = dn * rg;
          dh[di + j] = dhj * z; // plus dp·W_hh below
        }
      }
      Blas.sgemm(
          false,
          false,
          rows,
          hid,
          g3,
          1f,
          dp,
          (lo * t + s) * g3,
          t * g3,
          whh,
          0,
          hid,
          1f,
          dh,
          0,
          hid);
    }
    for (int r = lo; r < hi; r++) {
      if (dh0 != null) System.arraycopy(dh, (r - lo) * hid, dh0, r * hid, hid);
    }
    if (dx != null) {
      Blas.sgemm(
          false,
          false,
          rows * t,
          in,
          g3,
          1f,
          da,
          lo * t * g3,
          g3,
          wIh.data(),
          0,
          in,
          0f,
          dx,
          lo * t * in,
          in);
    }
  }

  /** The weight and bias gradients of the sequences {@code [lo, hi)}, over all their steps. */
  private void sharesOf(
      int lo,
      int hi,
      float[] da,
      float[] dp,
      float[] dWih,
      float[] dWhh,
      float[] dbIh,
      float[] dbHh) {
    int n = (hi - lo) * t;
    if (n == 0) return;
    int g3 = 3 * hid;
    int off = lo * t * g3;
    Blas.sgemm(true, false, g3, in, n, 1f, da, off, g3, x.data(), lo * t * in, in, 0f, dWih, 0, in);
    Blas.sgemm(
        true, false, g3, hid, n, 1f, dp, off, g3, hPrev, lo * t * hid, hid, 0f, dWhh, 0, hid);
    if (hasBias) {
      for (int row = 0; row < n; row++) {
        int base = off + row * g3;
        for (int j = 0; j < g3; j++) {
          dbIh[j] += da[base + j];
          dbHh[j] += dp[base + j];
        }
      }
    }
  }

  private int slices() {
    return Math.max(1, Math.min(Parallel.threads(), b));
  }

  private void forEachSlice(Parallel.Range body) {
    int slices = slices();
    Parallel.parallelFor(
        slices,
        1,
        (c0, c1) -> {
          for (int c = c0; c < c1; c++) {
            body.run(b * c / slices, b * (c + 1) / slices);
          }
        });
  }

  private static void add(float[] acc, float[] v) {
    for (int i = 0; i < acc.length; i++) acc[i] += v[i];
  }

  private void check(Tensor[] inputs) {
    if (inputs.length != 4 && inputs.length != 6) {
      throw new IllegalArgumentException(
          "gru: expects x, h0, W_ih, W_hh and optionally b_ih, b_hh, got "
              + inputs.length
              + " inputs");
    }
    int[] xs = inputs[0].shape();
    int[] ws = inputs[3].shape();
    if (ws.length != 2 || ws[0] != 3 * ws[1]) {
      throw new IllegalArgumentException("gru: W_hh must be [3H, H], got " + Arrays.toString(ws));
    }
    hid = ws[1];
    if (xs.length != 3 || xs[1] < 1) {
      throw new IllegalArgumentException(
          "gru: x must be batch-first [B, T, I] with T ≥ 1, got " + Arrays.toString(xs));
    }
    b = xs[0];
    t = xs[1];
    in = xs[2];
    expect("W_ih", inputs[2], 3 * hid, in);
    expect("h0", inputs[1], b, hid);
    if (inputs.length == 6) {
      expect("b_ih", inputs[4], 3 * hid);
      expect("b_hh", inputs[5], 3 * hid);
    }
    if (lengths != null) {
      if (lengths.length != b) {
        throw new IllegalArgumentException(
            "gru: " + lengths.length + " lengths for a batch of " + b + " sequences");
      }
      for (int i = 0; i < b; i++) {
        if (lengths[i] < 1 || lengths[i] > t) {
          throw new IllegalArgumentException(
              "gru: length " + lengths[i] + " of sequence " + i + " is outside 1.." + t);
        }
      }
    }
  }

  private static void expect(String name, Tensor v, int... shape) {
    if (!Arrays.equals(v.shape(), shape)) {
      throw new IllegalArgumentException(
          "gru: "
              + name
              + " must be "
              + Arrays.toString(shape)
              + ", got "
              + Arrays.toString(v.shape()));
    }
  }
}
