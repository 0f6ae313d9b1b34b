package crema.nn.functional;

import crema.tensor.Blas;
import crema.tensor.Function;
import crema.tensor.Parallel;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * One direction of one LSTM layer over a whole batch of sequences, as a single autograd node: the
 * forward pass runs every time step, the backward pass is the whole backpropagation through time.
 * Gates are in PyTorch's order i, f, g, o:
 *
 * <pre>
 * z_t = x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh          [B, 4H]
 * i = σ(z_i)   f = σ(z_f)   g = tanh(z_g)   o = σ(z_o)
 * c_t = f ⊙ c_{t−1} + i ⊙ g
 * h_t = o ⊙ tanh(c_t)
 * </pre>
 *
 * Backward, step by step from the last one, with {@code dh} and {@code dc} the gradients reaching
 * {@code h_t} and {@code c_t} (from the output at t and from step t+1):
 *
 * <pre>
 * dc_t  = dc + dh ⊙ o ⊙ (1 − tanh²(c_t))
 * dz_i = dc_t ⊙ g ⊙ i(1−i)     dz_f = dc_t ⊙ c_{t−1} ⊙ f(1−f)
 * dz_g = dc_t ⊙ i ⊙ (1−g²)     dz_o = dh ⊙ tanh(c_t) ⊙ o(1−o)
 * dc_{t−1} = dc_t ⊙ f          dh_{t−1} = dz_t · W_hh
 * dW_hh = Σ_t dz_tᵀ · h_{t−1}   dW_ih = Σ_t dz_tᵀ · x_t   db_ih = db_hh = Σ_t Σ_b dz_t
 * dx_t = dz_t · W_ih
 * </pre>
 *
 * <h2>Why it is fast</h2>
 *
 * Composed from small ops, one step is about fifteen autograd nodes, each allocating its result.
 * Here the input projection of all steps is one GEMM, each step is one GEMM {@code h·W_hhᵀ} into a
 * small reused buffer followed by one loop over {@code [B, 4H]} (add, squash, update the state,
 * with the branch-free {@link GateMath} that the JIT vectorizes), and the weight gradients are one
 * GEMM each over all steps at the end. The sequences of a batch never interact, so the batch is cut
 * into one slice per core and each core runs the whole sequence for its rows, with BLAS
 * single-threaded inside (the project's {@code OPENBLAS_NUM_THREADS=1}, see {@link Parallel}); only
 * the weight gradients are summed across slices. Forward keeps the activated gates, the states
 * entering each step and {@code tanh(c_t)}: exactly what backward reads.
 *
 * <h2>Inputs and output</h2>
 *
 * Inputs {@code x [B, T, I]}, {@code h0 [B, H]}, {@code c0 [B, H]}, {@code W_ih [4H, I]}, {@code
 * W_hh [4H, H]}, then optionally {@code b_ih [4H]} and {@code b_hh [4H]}. A {@code Function} has
 * one output, so the three results are packed along time into {@code [B, T + 2, H]}: rows {@code
 * 0..T−1} are the outputs {@code h_t}, row {@code T} is the final {@code h}, row {@code T + 1} the
 * final {@code c}. Slicing them apart (autograd ops) routes their gradients back here. With {@code
 * lengths}, steps at or past a sequence's length are padding: they keep the state, output zeros and
 * pass gradients straight through, like PyTorch's packed sequences. {@code reverse} runs the
 * sequence from its last step to its first (the backward direction of a bidirectional layer).
 *
 * <pre>{@code
 * Tensor packed = new LstmFunction(false, null).apply(x, h0, c0, wIh, wHh, bIh, bHh);
 * Tensor out = packed.slice(1, 0, T);                          // [B, T, H]
 * Tensor hN = packed.slice(1, T, T + 1).reshape(B, H);
 * }</pre>
 */
public final class LstmFunction extends Function {
  private final boolean reverse;
  private final int[] lengths;

  // Sizes and inputs, kept for backward.
  private int b;
  private int t;
  private int in;
  private int hid;
  private Tensor x;
  private Tensor wIh;
  private Tensor wHh;
  private boolean hasBias;

  // Saved activations, all batch-major so that a slice of rows is contiguous:
  // gates [B, T, 4H] activated i, f, g, o; hPrev, cPrev [B, T, H] the state entering step t;
  // tanhC [B, T, H] tanh(c_t).
  private float[] gates;
  private float[] hPrev;
  private float[] cPrev;
  private float[] tanhC;

  /**
   * @param reverse run from the last step to the first
   * @param lengths each sequence's true length ({@code 1..T}), or null when all are {@code T} long
   */
  public LstmFunction(boolean reverse, int[] lengths) {
    this.reverse = reverse;
    this.lengths = lengths == null ? null : lengths.clone();
  }

  /** The time step processed {@code k}-th. */
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
    wIh = inputs[3];
    wHh = inputs[4];
    hasBias = inputs.length == 7;
    int g4 = 4 * hid;
    gates = new float[b * t * g4];
    hPrev = new float[b * t * hid];
    cPrev = new float[b * t * hid];
    tanhC = new float[b * t * hid];
    float[] packed = new float[b * (t + 2) * hid];
    float[] bias = null;
    if (hasBias) {
      // b_ih and b_hh only ever appear summed: add them once, into every row of the projection.
      bias = inputs[5].data().clone();
      float[] bHh = inputs[6].data();
      for (int j = 0; j < g4; j++) bias[j] += bHh[j];
    }
    float[] h0 = inputs[1].data();
    float[] c0 = inputs[2].data();
    float[] biasSum = bias;
    forEachSlice((lo, hi) -> forwardRows(lo, hi, biasSum, h0, c0, packed));
    return Tensor.wrap(packed, b, t + 2, hid);
  }

  /** Forward for the sequences {@code [lo, hi)}, all steps. */
  private void forwardRows(int lo, int hi, float[] bias, float[] h0, float[] c0, float[] packed) {
    int rows = hi - lo;
    int g4 = 4 * hid;
    float[] z = gates;
    // Input projection of every step of these rows at once: [rows·T, I] x [I, 4H].
    if (bias != null) {
      for (int r = lo * t; r < hi * t; r++) System.arraycopy(bias, 0, z, r * g4, g4);
    }
    Blas.sgemm(
        false,
        true,
        rows * t,
        g4,
        in,
        1f,
        x.data(),
        lo * t * in,
        in,
        wIh.data(),
        0,
        in,
        bias != null ? 1f : 0f,
        z,
        lo * t * g4,
        g4);
    int s0 = step(0);
    // The state h_{t−1} of these rows, contiguous, and the step's h·W_hhᵀ: GEMM operands with
    // plain row strides. (Strided straight into the stored arrays, rows sit a whole sequence apart,
    // a multiple of 4 KiB for the benchmark's shapes, and the GEMM ran several times slower.)
    float[] hCur = new float[rows * hid];
    float[] zh = new float[rows * g4];
    for (int r = lo; r < hi; r++) {
      System.arraycopy(h0, r * hid, hCur, (r - lo) * hid, hid);
      System.arraycopy(h0, r * hid, hPrev, (r * t + s0) * hid, hid);
      System.arraycopy(c0, r * hid, cPrev, (r * t + s0) * hid, hid);
    }
    float[] whh = wHh.data();
    for (int k = 0; k < t; k++) {
      int s = step(k);
      Blas.sgemm(false, true, rows, g4, hid, 1f, hCur, 0, hid, whh, 0, hid, 0f, zh, 0, g4);
      boolean last = k == t - 1;
      int sNext = last ? 0 : step(k + 1);
      for (int r = lo; r < hi; r++) {
        int gi = (r * t + s) * g4;
        int si = (r * t + s) * hid;
        // Where the new state goes: the next step's "previous state", or the packed h_N, c_N rows.
        float[] hDst = last ? packed : hPrev;
        float[] cDst = last ? packed : cPrev;
        int hi0 = last ? (r * (t + 2) + t) * hid : (r * t + sNext) * hid;
        int ci0 = last ? (r * (t + 2) + t + 1) * hid : (r * t + sNext) * hid;
        if (!valid(r, s)) {
          // Padding: the state passes through unchanged and the output stays zero.
          System.arraycopy(hPrev, si, hDst, hi0, hid);
          System.arraycopy(cPrev, si, cDst, ci0, hid);
          continue;
        }
        int oi = (r * (t + 2) + s) * hid;
        int zi = (r - lo) * g4;
        for (int j = 0; j < g4; j++) z[gi + j] += zh[zi + j]; // z_t = x_t·W_ihᵀ + b + h·W_hhᵀ
        // Activate the gates in place: i and f side by side, then g, then o.
        GateMath.sigmoid(z, gi, 2 * hid);
        GateMath.tanh(z, gi + 2 * hid, hid);
        GateMath.sigmoid(z, gi + 3 * hid, hid);
        for (int j = 0; j < hid; j++) {
          tanhC[si + j] = z[gi + hid + j] * cPrev[si + j] + z[gi + j] * z[gi + 2 * hid + j];
        }
        System.arraycopy(tanhC, si, cDst, ci0, hid); // c_t, before it is squashed below
        GateMath.tanh(tanhC, si, hid);
        for (int j = 0; j < hid; j++) {
          float h = z[gi + 3 * hid + j] * tanhC[si + j];
          packed[oi + j] = h;
          hDst[hi0 + j] = h;
        }
        System.arraycopy(packed, oi, hCur, (r - lo) * hid, hid);
      }
    }
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    int g4 = 4 * hid;
    float[] dPacked = gradOut.data();
    float[] dz = new float[b * t * g4];
    boolean wantH0 = needsInputGrad(1);
    boolean wantC0 = needsInputGrad(2);
    float[] dh0 = wantH0 ? new float[b * hid] : null;
    float[] dc0 = wantC0 ? new float[b * hid] : null;
    float[] dx = needsInputGrad(0) ? new float[b * t * in] : null;
    // Each slice sums its own share of the weight gradients; the shares are added at the end.
    int slices = slices();
    float[][] dWih = new float[slices][g4 * in];
    float[][] dWhh = new float[slices][g4 * hid];
    float[][] db = new float[slices][g4];
    Parallel.parallelFor(
        slices,
        1,
        (c0, c1) -> {
          for (int c = c0; c < c1; c++) {
            int lo = b * c / slices;
            int hi = b * (c + 1) / slices;
            backwardRows(lo, hi, dPacked, dz, dh0, dc0, dx, dWih[c], dWhh[c], db[c]);
          }
        });
    for (int c = 1; c < slices; c++) {
      add(dWih[0], dWih[c]);
      add(dWhh[0], dWhh[c]);
      add(db[0], db[c]);
    }
    Tensor[] grads = new Tensor[hasBias ? 7 : 5];
    grads[0] = dx == null ? null : Tensor.wrap(dx, b, t, in);
    grads[1] = dh0 == null ? null : Tensor.wrap(dh0, b, hid);
    grads[2] = dc0 == null ? null : Tensor.wrap(dc0, b, hid);
    grads[3] = Tensor.wrap(dWih[0], g4, in);
    grads[4] = Tensor.wrap(dWhh[0], g4, hid);
    if (hasBias) {
      grads[5] = Tensor.wrap(db[0], g4);
      grads[6] = Tensor.wrap(db[0].clone(), g4);
    }
    return grads;
  }

  /**
   * Backpropagation through time for the sequences {@code [lo, hi)}, plus their gradient shares.
   */
  private void backwardRows(
      int lo,
      int hi,
      float[] dPacked,
      float[] dz,
      float[] dh0,
      float[] dc0,
      float[] dx,
      float[] dWih,
      float[] dWhh,
      float[] db) {
    int rows = hi - lo;
    if (rows == 0) return;
    int g4 = 4 * hid;
    float[] z = gates;
    // dh and dc reaching the current step, per row of this slice: start from dL/dh_N and dL/dc_N.
    float[] dh = new float[rows * hid];
    float[] dc = new float[rows * hid];
    for (int r = lo; r < hi; r++) {
      System.arraycopy(dPacked, (r * (t + 2) + t) * hid, dh, (r - lo) * hid, hid);
      System.arraycopy(dPacked, (r * (t + 2) + t + 1) * hid, dc, (r - lo) * hid, hid);
    }
    float[] whh = wHh.data();
    // This step's dz of these rows, contiguous, for the dh GEMM (see forwardRows on strides).
    float[] dzs = new float[rows * g4];
    for (int k = t - 1; k >= 0; k--) {
      int s = step(k);
      for (int r = lo; r < hi; r++) {
        if (!valid(r, s)) {
          // Padding: dh, dc pass through, dz stays zero.
          Arrays.fill(dzs, (r - lo) * g4, (r - lo + 1) * g4, 0f);
          continue;
        }
        int gi = (r * t + s) * g4;
        int si = (r * t + s) * hid;
        int oi = (r * (t + 2) + s) * hid;
        int di = (r - lo) * hid;
        for (int j = 0; j < hid; j++) {
          float ig = z[gi + j];
          float fg = z[gi + hid + j];
          float gg = z[gi + 2 * hid + j];
          float og = z[gi + 3 * hid + j];
          float tc = tanhC[si + j];
          float dhj = dh[di + j] + dPacked[oi + j];
          float dct = dc[di + j] + dhj * og * (1 - tc * tc);
          dz[gi + j] = dct * gg * ig * (1 - ig);
          dz[gi + hid + j] = dct * cPrev[si + j] * fg * (1 - fg);
          dz[gi + 2 * hid + j] = dct * ig * (1 - gg * gg);
          dz[gi + 3 * hid + j] = dhj * tc * og * (1 - og);
          dc[di + j] = dct * fg;
          dh[di + j] = 0; // replaced by dz·W_hh below (beta = 1 keeps padded rows' dh)
        }
        System.arraycopy(dz, gi, dzs, (r - lo) * g4, g4);
      }
      // dh_{t−1} = dz_t · W_hh: [rows, 4H] x [4H, H].
      Blas.sgemm(false, false, rows, hid, g4, 1f, dzs, 0, g4, whh, 0, hid, 1f, dh, 0, hid);
    }
    for (int r = lo; r < hi; r++) {
      if (dh0 != null) System.arraycopy(dh, (r - lo) * hid, dh0, r * hid, hid);
      if (dc0 != null) System.arraycopy(dc, (r - lo) * hid, dc0, r * hid, hid);
    }
    // Weight gradients over all steps of these rows at once (padded steps have dz = 0).
    int n = rows * t;
    int zOff = lo * t * g4;
    Blas.sgemm(
        true, false, g4, hid, n, 1f, dz, zOff, g4, hPrev, lo * t * hid, hid, 0f, dWhh, 0, hid);
    Blas.sgemm(
        true, false, g4, in, n, 1f, dz, zOff, g4, x.data(), lo * t * in, in, 0f, dWih, 0, in);
    if (dx != null) {
      Blas.sgemm(
          false, false, n, in, g4, 1f, dz, zOff, g4, wIh.data(), 0, in, 0f, dx, lo * t * in, in);
    }
    if (hasBias) {
      for (int row = 0; row < n; row++) {
        int base = zOff + row * g4;
        for (int j = 0; j < g4; j++) db[j] += dz[base + j];
      }
    }
  }

  /** How many row slices the batch is cut into: one per core, never more than the rows. */
  private int slices() {
    return Math.max(1, Math.min(Parallel.threads(), b));
  }

  /** Runs {@code body} over the row slices of the batch, one slice per core. */
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

  /** Checks the inputs' shapes and lengths, and sets the sizes. */
  private void check(Tensor[] inputs) {
    if (inputs.length != 5 && inputs.length != 7) {
      throw new IllegalArgumentException(
          "lstm: expects x, h0, c0, W_ih, W_hh and optionally b_ih, b_hh, got "
              + inputs.length
              + " inputs");
    }
    int[] xs = inputs[0].shape();
    int[] ws = inputs[4].shape();
    if (ws.length != 2 || ws[0] != 4 * ws[1]) {
      throw new IllegalArgumentException("lstm: W_hh must be [4H, H], got " + Arrays.toString(ws));
    }
    hid = ws[1];
    if (xs.length != 3) {
      throw new IllegalArgumentException(
          "lstm: x must be batch-first [B, T, I], got " + Arrays.toString(xs));
    }
    b = xs[0];
    t = xs[1];
    in = xs[2];
    if (t < 1) {
      throw new IllegalArgumentException(
          "lstm: sequences need at least one step, got x " + Arrays.toString(xs));
    }
    expect("W_ih", inputs[3], 4 * hid, in);
    expect("h0", inputs[1], b, hid);
    expect("c0", inputs[2], b, hid);
    if (inputs.length == 7) {
      expect("b_ih", inputs[5], 4 * hid);
      expect("b_hh", inputs[6], 4 * hid);
    }
    if (lengths != null) {
      if (lengths.length != b) {
        throw new IllegalArgumentException(
            "lstm: " + lengths.length + " lengths for a batch of " + b + " sequences");
      }
      for (int i = 0; i < b; i++) {
        if (lengths[i] < 1 || lengths[i] > t) {
          throw new IllegalArgumentException(
              "lstm: length " + lengths[i] + " of sequence " + i + " is outside 1.." + t);
        }
      }
    }
  }

  private static void expect(String name, Tensor v, int... shape) {
    if (!Arrays.equals(v.shape(), shape)) {
      throw new IllegalArgumentException(
          "lstm: "
              + name
              + " must be "
              + Arrays.toString(shape)
              + ", got "
              + Arrays.toString(v.shape()));
    }
  }
}
