package crema.nn.functional;

import crema.tensor.Blas;
import crema.tensor.Function;
import crema.tensor.Parallel;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * One direction of one Elman RNN layer over a whole batch of sequences, as a single autograd node,
 * the same way {@link LstmFunction} does it for the LSTM:
 *
 * <pre>
 * h_t = act(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh)          act = tanh or relu
 * </pre>
 *
 * Backward, with {@code dh} the gradient reaching {@code h_t}: {@code dz = dh ⊙ act'} ({@code 1 −
 * h_t²} for tanh, {@code [h_t > 0]} for relu), {@code dh_{t−1} = dz·W_hh}, {@code dW_hh = Σ
 * dzᵀ·h_{t−1}}, {@code dW_ih = Σ dzᵀ·x_t}, {@code db_ih = db_hh = Σ dz}, {@code dx_t = dz·W_ih}.
 *
 * <p>Inputs {@code x [B, T, I]}, {@code h0 [B, H]}, {@code W_ih [H, I]}, {@code W_hh [H, H]}, then
 * optionally {@code b_ih} and {@code b_hh} {@code [H]}. The output packs the outputs {@code h_t}
 * (rows {@code 0..T−1}) and the final {@code h} (row {@code T}) into {@code [B, T + 1, H]}. {@code
 * lengths} and {@code reverse} work as in {@link LstmFunction}.
 *
 * <pre>{@code
 * Tensor packed = new RnnFunction(false, null, false).apply(x, h0, wIh, wHh, bIh, bHh);
 * Tensor out = packed.slice(1, 0, T);                            // [B, T, H]
 * }</pre>
 */
public final class RnnFunction extends Function {
  private final boolean reverse;
  private final int[] lengths;
  private final boolean relu;

  private int b;
  private int t;
  private int in;
  private int hid;
  private Tensor x;
  private Tensor wIh;
  private Tensor wHh;
  private boolean hasBias;

  // Saved for backward, batch-major: hs [B, T, H] h_t itself (its activation's derivative needs
  // nothing else), hPrev [B, T, H] the state entering step t.
  private float[] hs;
  private float[] hPrev;

  /**
   * @param reverse run from the last step to the first
   * @param lengths each sequence's true length ({@code 1..T}), or null when all are {@code T} long
   * @param relu relu instead of tanh
   */
  public RnnFunction(boolean reverse, int[] lengths, boolean relu) {
    this.reverse = reverse;
    this.lengths = lengths == null ? null : lengths.clone();
    this.relu = relu;
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
    // One sequence of slack: the per-step GEMMs address these with a whole sequence as row stride,
    // and the native BLAS wrapper bounds-checks as if the last row were full length.
    hs = new float[(b + 1) * t * hid];
    hPrev = new float[(b + 1) * t * hid];
    float[] packed = new float[b * (t + 1) * hid];
    float[] bias = null;
    if (hasBias) {
      bias = inputs[4].data().clone();
      float[] bHh = inputs[5].data();
      for (int j = 0; j < hid; j++) bias[j] += bHh[j];
    }
    float[] h0 = inputs[1].data();
    float[] biasSum = bias;
    forEachSlice((lo, hi) -> forwardRows(lo, hi, biasSum, h0, packed));
    return Tensor.wrap(packed, b, t + 1, hid);
  }

  private void forwardRows(int lo, int hi, float[] bias, float[] h0, float[] packed) {
    int rows = hi - lo;
    if (bias != null) {
      for (int r = lo * t; r < hi * t; r++) System.arraycopy(bias, 0, hs, r * hid, hid);
    }
    // hs holds the pre-activations until each step squashes its own in place.
    Blas.sgemm(
        false,
        true,
        rows * t,
        hid,
        in,
        1f,
        x.data(),
        lo * t * in,
        in,
        wIh.data(),
        0,
        in,
        bias != null ? 1f : 0f,
        hs,
        lo * t * hid,
        hid);
    int s0 = step(0);
    for (int r = lo; r < hi; r++) {
      System.arraycopy(h0, r * hid, hPrev, (r * t + s0) * hid, hid);
    }
    float[] whh = wHh.data();
    for (int k = 0; k < t; k++) {
      int s = step(k);
      Blas.sgemm(
          false,
          true,
          rows,
          hid,
          hid,
          1f,
          hPrev,
          (lo * t + s) * hid,
          t * hid,
          whh,
          0,
          hid,
          1f,
          hs,
          (lo * t + s) * hid,
          t * hid);
      boolean last = k == t - 1;
      int sNext = last ? 0 : step(k + 1);
      for (int r = lo; r < hi; r++) {
        int si = (r * t + s) * hid;
        float[] hDst = last ? packed : hPrev;
        int hi0 = last ? (r * (t + 1) + t) * hid : (r * t + sNext) * hid;
        if (!valid(r, s)) {
          System.arraycopy(hPrev, si, hDst, hi0, hid); // padding: the state passes through
          continue;
        }
        if (relu) {
          for (int j = 0; j < hid; j++) hs[si + j] = Math.max(0f, hs[si + j]);
        } else {
          GateMath.tanh(hs, si, hid);
        }
        System.arraycopy(hs, si, packed, (r * (t + 1) + s) * hid, hid);
        System.arraycopy(hs, si, hDst, hi0, hid);
      }
    }
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] dPacked = gradOut.data();
    float[] dz = new float[(b + 1) * t * hid]; // slack as in forward
    float[] dh0 = needsInputGrad(1) ? new float[b * hid] : null;
    float[] dx = needsInputGrad(0) ? new float[b * t * in] : null;
    int slices = slices();
    float[][] dWih = new float[slices][hid * in];
    float[][] dWhh = new float[slices][hid * hid];
    float[][] db = new float[slices][hid];
    Parallel.parallelFor(
        slices,
        1,
        (c0, c1) -> {
          for (int c = c0; c < c1; c++) {
            int lo = b * c / slices;
            int hi = b * (c + 1) / slices;
            backwardRows(lo, hi, dPacked, dz, dh0, dx, dWih[c], dWhh[c], db[c]);
          }
        });
    for (int c = 1; c < slices; c++) {
      add(dWih[0], dWih[c]);
      add(dWhh[0], dWhh[c]);
      add(db[0], db[c]);
    }
    Tensor[] grads = new Tensor[hasBias ? 6 : 4];
    grads[0] = dx == null ? null : Tensor.wrap(dx, b, t, in);
    grads[1] = dh0 == null ? null : Tensor.wrap(dh0, b, hid);
    grads[2] = Tensor.wrap(dWih[0], hid, in);
    grads[3] = Tensor.wrap(dWhh[0], hid, hid);
    if (hasBias) {
      grads[4] = Tensor.wrap(db[0], hid);
      grads[5] = Tensor.wrap(db[0].clone(), hid);
    }
    return grads;
  }

  private void backwardRows(
      int lo,
      int hi,
      float[] dPacked,
      float[] dz,
      float[] dh0,
      float[] dx,
      float[] dWih,
      float[] dWhh,
      float[] db) {
    int rows = hi - lo;
    if (rows == 0) return;
    float[] dh = new float[rows * hid];
    for (int r = lo; r < hi; r++) {
      System.arraycopy(dPacked, (r * (t + 1) + t) * hid, dh, (r - lo) * hid, hid);
    }
    float[] whh = wHh.data();
    for (int k = t - 1; k >= 0; k--) {
      int s = step(k);
      for (int r = lo; r < hi; r++) {
        if (!valid(r, s)) continue; // padding: dh passes through, dz stays zero
        int si = (r * t + s) * hid;
        int oi = (r * (t + 1) + s) * hid;
        int di = (r - lo) * hid;
        for (int j = 0; j < hid; j++) {
          float h = hs[si + j];
          float dhj = dh[di + j] + dPacked[oi + j];
          dz[si + j] = relu ? (h > 0 ? dhj : 0f) : dhj * (1 - h * h);
          dh[di + j] = 0; // replaced by dz·W_hh below (beta = 1 keeps padded rows' dh)
        }
      }
      Blas.sgemm(
          false,
          false,
          rows,
          hid,
          hid,
          1f,
          dz,
          (lo * t + s) * hid,
          t * hid,
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
    int n = rows * t;
    int off = lo * t * hid;
    Blas.sgemm(true, false, hid, hid, n, 1f, dz, off, hid, hPrev, off, hid, 0f, dWhh, 0, hid);
    Blas.sgemm(
        true, false, hid, in, n, 1f, dz, off, hid, x.data(), lo * t * in, in, 0f, dWih, 0, in);
    if (dx != null) {
      Blas.sgemm(
          false, false, n, in, hid, 1f, dz, off, hid, wIh.data(), 0, in, 0f, dx, lo * t * in, in);
    }
    if (hasBias) {
      for (int row = 0; row < n; row++) {
        int base = off + row * hid;
        for (int j = 0; j < hid; j++) db[j] += dz[base + j];
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
          "rnn: expects x, h0, W_ih, W_hh and optionally b_ih, b_hh, got "
              + inputs.length
              + " inputs");
    }
    int[] xs = inputs[0].shape();
    int[] ws = inputs[3].shape();
    if (ws.length != 2 || ws[0] != ws[1]) {
      throw new IllegalArgumentException("rnn: W_hh must be [H, H], got " + Arrays.toString(ws));
    }
    hid = ws[1];
    if (xs.length != 3 || xs[1] < 1) {
      throw new IllegalArgumentException(
          "rnn: x must be batch-first [B, T, I] with T ≥ 1, got " + Arrays.toString(xs));
    }
    b = xs[0];
    t = xs[1];
    in = xs[2];
    expect("W_ih", inputs[2], hid, in);
    expect("h0", inputs[1], b, hid);
    if (inputs.length == 6) {
      expect("b_ih", inputs[4], hid);
      expect("b_hh", inputs[5], hid);
    }
    if (lengths != null) {
      if (lengths.length != b) {
        throw new IllegalArgumentException(
            "rnn: " + lengths.length + " lengths for a batch of " + b + " sequences");
      }
      for (int i = 0; i < b; i++) {
        if (lengths[i] < 1 || lengths[i] > t) {
          throw new IllegalArgumentException(
              "rnn: length " + lengths[i] + " of sequence " + i + " is outside 1.." + t);
        }
      }
    }
  }

  private static void expect(String name, Tensor v, int... shape) {
    if (!Arrays.equals(v.shape(), shape)) {
      throw new IllegalArgumentException(
          "rnn: "
              + name
              + " must be "
              + Arrays.toString(shape)
              + ", got "
              + Arrays.toString(v.shape()));
    }
  }
}
