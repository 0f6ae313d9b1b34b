package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.Blas;
import crema.backend.GateKernels;
import crema.backend.MatrixView;
import crema.backend.Parallel;
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
 * Here each step is two GEMMs, {@code x_t·W_ihᵀ} and {@code h·W_hhᵀ}, into one small reused buffer
 * that stays in cache, followed by vectorised loops over each sample's {@code 4H} gates (squash
 * with {@link GateKernels}, then update the state in {@link LstmCellRow}), and the weight gradients
 * are one GEMM each over all steps at the end. The sequences of a batch never interact, so the
 * batch is cut into one slice per core and each core runs the whole sequence for its rows, with
 * BLAS single-threaded inside (the project's {@code OPENBLAS_NUM_THREADS=1}, see {@link Parallel});
 * only the weight gradients are summed across slices. (Where OpenBLAS threads the products itself,
 * the batch is one slice instead.) Forward keeps the activated gates, the states entering each step
 * and {@code tanh(c_t)}: exactly what backward reads.
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
public final class LstmFunction extends RecurrentFunction {
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
    super("lstm", 4, 2, reverse, lengths);
  }

  @Override
  protected Tensor forward(Tensor... inputs) {
    setInputs(inputs);
    int g4 = 4 * hid;
    // Written in full before they are read (every step writes its rows of activated gates and the
    // state the next step reads), so not zeroed: that was 11 MB of stores per step of
    // the benchmark's LSTM. tanhC is read only at real steps, which write it; the packed outputs
    // of padded steps must read as zeros.
    gates = ArrayPool.takeUninitialised(b * t * g4);
    hPrev = ArrayPool.takeUninitialised(b * t * hid);
    cPrev = ArrayPool.takeUninitialised(b * t * hid);
    tanhC = ArrayPool.takeUninitialised(b * t * hid);
    float[] packed = zeroedIfPadded(b * (t + 2) * hid);
    float[] bias = summedBias(inputs);
    float[] h0 = inputs[1].data();
    float[] c0 = inputs[2].data();
    forEachSlice((lo, hi) -> forwardRows(lo, hi, bias, h0, c0, packed));
    return wrapPacked(packed);
  }

  /** Forward for the sequences {@code [lo, hi)}, all steps. */
  private void forwardRows(int lo, int hi, float[] bias, float[] h0, float[] c0, float[] packed) {
    int rows = hi - lo;
    int g4 = 4 * hid;
    float[] z = gates;
    // Each step's pre-activations z_t of these rows are computed into one small buffer that stays
    // in cache: the bias, then x_t·W_ihᵀ and h_{t−1}·W_hhᵀ added by two GEMMs, and the gate loop
    // below reads them from there and stores the activated gates. (One GEMM for the input
    // projection of all steps at once wrote the whole [rows·T, 4H] block first, and each step then
    // read its rows back from memory: the add was the hottest line of the forward pass.) The
    // step's inputs and state are copied into contiguous buffers as well: GEMM operands with plain
    // row strides. (Strided straight into the stored arrays, rows sit a whole sequence apart, a
    // multiple of 4 KiB for the benchmark's shapes, and the GEMM ran several times slower.)
    float[] xCur = ArrayPool.takeUninitialised(rows * in);
    float[] hCur = ArrayPool.takeUninitialised(rows * hid);
    float[] zs = ArrayPool.takeUninitialised(rows * g4);
    LstmCellRow row = new LstmCellRow(hid);
    System.arraycopy(h0, lo * hid, hCur, 0, rows * hid);
    initialState(lo, hi, h0, hPrev);
    initialState(lo, hi, c0, cPrev);
    float[] xd = x.data();
    float[] wih = wIh.data();
    float[] whh = wHh.data();
    for (int k = 0; k < t; k++) {
      int s = step(k);
      for (int r = lo; r < hi; r++) {
        System.arraycopy(xd, (r * t + s) * in, xCur, (r - lo) * in, in);
        if (bias != null) System.arraycopy(bias, 0, zs, (r - lo) * g4, g4);
      }
      Blas.sgemm( // z_t = b + x_t·W_ihᵀ
          1f,
          MatrixView.of(xCur, 0, rows, in),
          MatrixView.of(wih, 0, g4, in).t(),
          bias != null ? 1f : 0f,
          MatrixView.of(zs, 0, rows, g4));
      Blas.sgemm( // z_t += h_{t−1}·W_hhᵀ
          1f,
          MatrixView.of(hCur, 0, rows, hid),
          MatrixView.of(whh, 0, g4, hid).t(),
          1f,
          MatrixView.of(zs, 0, rows, g4));
      boolean last = k == t - 1;
      int sNext = last ? 0 : step(k + 1);
      for (int r = lo; r < hi; r++) {
        int gi = (r * t + s) * g4;
        int si = (r * t + s) * hid;
        // Where the new state goes: the next step's "previous state", or the packed h_N, c_N rows.
        float[] hDst = last ? packed : hPrev;
        float[] cDst = last ? packed : cPrev;
        int hi0 = nextStateAt(r, sNext, last, 0);
        int ci0 = nextStateAt(r, sNext, last, 1);
        if (!valid(r, s)) {
          // Padding: the state passes through unchanged and the output stays zero.
          System.arraycopy(hPrev, si, hDst, hi0, hid);
          System.arraycopy(cPrev, si, cDst, ci0, hid);
          continue;
        }
        int oi = packedAt(r, s);
        int zi = (r - lo) * g4;
        // Activate the gates in place (i and f side by side, then g, then o), then keep them.
        GateKernels.sigmoid(zs, zi, 2 * hid);
        GateKernels.tanh(zs, zi + 2 * hid, hid);
        GateKernels.sigmoid(zs, zi + 3 * hid, hid);
        System.arraycopy(zs, zi, z, gi, g4);
        row.forward(zs, zi, cPrev, si);
        System.arraycopy(row.c, 0, cDst, ci0, hid);
        System.arraycopy(row.tc, 0, tanhC, si, hid);
        System.arraycopy(row.h, 0, packed, oi, hid);
        System.arraycopy(row.h, 0, hDst, hi0, hid);
        System.arraycopy(row.h, 0, hCur, (r - lo) * hid, hid);
      }
    }
    row.release();
    ArrayPool.give(xCur); // this slice's workspaces
    ArrayPool.give(hCur);
    ArrayPool.give(zs);
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    int g4 = 4 * hid;
    float[] dPacked = gradOut.data();
    // dz is written at every real step; padded steps must leave it zero. The state and input
    // gradients are written in full.
    float[] dz = zeroedIfPadded(b * t * g4);
    float[] dh0 = needsInputGrad(1) ? ArrayPool.takeUninitialised(b * hid) : null;
    float[] dc0 = needsInputGrad(2) ? ArrayPool.takeUninitialised(b * hid) : null;
    float[] dx = needsInputGrad(0) ? ArrayPool.takeUninitialised(b * t * in) : null;
    // Each slice sums its own share of the weight gradients; the shares are added at the end.
    float[][] sum =
        sumOverSlices(
            (lo, hi, share) -> {
              if (hi == lo) return;
              backwardRows(lo, hi, dPacked, dz, dh0, dc0);
              // Weight gradients over all steps of these rows at once (padded steps have dz = 0).
              hiddenGrads(lo, hi, dz, hPrev, share[1]);
              inputGrads(lo, hi, dz, share[0], dx);
              biasGrad(lo, hi, dz, share[2]);
            },
            g4 * in,
            g4 * hid,
            g4);
    ArrayPool.give(dz); // the workspace of this backward; the weight gradients are summed
    float[] db = sum[2];
    return gradients(dx, new float[][] {dh0, dc0}, sum[0], sum[1], db, hasBias ? db.clone() : null);
  }

  /** The saved activations are this node's alone: back to the pool once the graph is freed. */
  @Override
  protected void releaseSaved() {
    ArrayPool.give(gates);
    ArrayPool.give(hPrev);
    ArrayPool.give(cPrev);
    ArrayPool.give(tanhC);
    gates = hPrev = cPrev = tanhC = null;
  }

  /** Backpropagation through time for the sequences {@code [lo, hi)}: fills dz, dh0 and dc0. */
  private void backwardRows(int lo, int hi, float[] dPacked, float[] dz, float[] dh0, float[] dc0) {
    int rows = hi - lo;
    int g4 = 4 * hid;
    // dh and dc reaching the current step, per row of this slice: start from dL/dh_N and dL/dc_N.
    float[] dh = finalStateGrad(dPacked, lo, hi, 0);
    float[] dc = finalStateGrad(dPacked, lo, hi, 1);
    float[] whh = wHh.data();
    // This step's dz of these rows, contiguous, for the dh GEMM (see forwardRows on strides).
    float[] dzs = ArrayPool.take(rows * g4);
    LstmCellRow row = new LstmCellRow(hid);
    for (int k = t - 1; k >= 0; k--) {
      int s = step(k);
      for (int r = lo; r < hi; r++) {
        int zi = (r - lo) * g4;
        if (!valid(r, s)) {
          // Padding: dh, dc pass through, dz stays zero.
          Arrays.fill(dzs, zi, zi + g4, 0f);
          continue;
        }
        int gi = (r * t + s) * g4;
        int si = (r * t + s) * hid;
        int di = (r - lo) * hid;
        row.backward(gates, gi, tanhC, cPrev, si, dPacked, packedAt(r, s), dh, dc, di);
        row.storeGateGrads(dzs, zi);
        System.arraycopy(row.dc, 0, dc, di, hid);
        System.arraycopy(dzs, zi, dz, gi, g4);
        // dh is replaced by dz·W_hh below (beta = 1 keeps padded rows' dh).
        Arrays.fill(dh, di, di + hid, 0f);
      }
      // dh_{t−1} = dz_t · W_hh: [rows, 4H] x [4H, H].
      Blas.sgemm(
          1f,
          MatrixView.of(dzs, 0, rows, g4),
          MatrixView.of(whh, 0, g4, hid),
          1f,
          MatrixView.of(dh, 0, rows, hid));
    }
    copyStateGrad(dh, lo, hi, dh0);
    copyStateGrad(dc, lo, hi, dc0);
    row.release();
    ArrayPool.give(dzs); // this slice's workspace
  }

  /** The LSTM words its check of x in two steps (rank, then length). */
  @Override
  protected void checkX(int[] xs) {
    if (xs.length != 3) {
      throw new IllegalArgumentException(
          "lstm: x must be batch-first [B, T, I], got " + Arrays.toString(xs));
    }
    if (xs[1] < 1) {
      throw new IllegalArgumentException(
          "lstm: sequences need at least one step, got x " + Arrays.toString(xs));
    }
  }
}
