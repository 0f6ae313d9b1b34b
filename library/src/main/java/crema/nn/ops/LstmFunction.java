package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.Blas;
import crema.backend.GateKernels;
import crema.backend.MatrixView;
import crema.backend.Parallel;
import crema.backend.Transpose;
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
 * Here the sequences of a batch, which never interact, are cut into one slice per core, and each
 * core runs the whole sequence for its rows with BLAS single-threaded inside (the project's {@code
 * OPENBLAS_NUM_THREADS=1}, see {@link Parallel}); only the weight gradients are summed across
 * slices. (Where OpenBLAS threads the products itself, the batch is one slice instead.) A slice
 * keeps what backward reads in an {@link LstmTape}: one array per gate and per state, one block per
 * step. The input's share of every gate, {@code x_t·W_ihᵀ} (with the bias as a column of {@code
 * W_ih}), does not wait for h: one GEMM per gate computes it for all steps before the loop. Each
 * step is then four small GEMMs, {@code h·W_hhᵀ} for each gate, added into the gate's block, and
 * loops over the whole block ({@link GateKernels}, {@link LstmCellBlock}) that C2 vectorises.
 * Backward runs the same way from the last step, and the weight gradients are one GEMM per gate
 * over all steps. (The earlier layout, the four gates side by side per sample as PyTorch's weights
 * have them, needed a loop per sample and copies to let C2 vectorise it: 37 % of the forward pass.)
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
  /** Each slice's saved activations, by slice number; null once released. */
  private LstmTape[] tapes;

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
    int kx = hasBias ? in + 1 : in;
    float[] packed = zeroedIfPadded(b * (t + 2) * hid);
    float[] wx = inputWeights(inputs, kx);
    float[] whhT = recurrentWeightsTransposed();
    float[] h0 = inputs[1].data();
    float[] c0 = inputs[2].data();
    tapes = new LstmTape[slices()];
    forEachSlice(
        (slice, lo, hi) -> {
          LstmTape tape = LstmTape.take(lo, hi, t, hid, kx);
          tapes[slice] = tape;
          forwardSlice(tape, wx, whhT, h0, c0, packed);
        });
    ArrayPool.give(wx);
    ArrayPool.give(whhT);
    return wrapPacked(packed);
  }

  /**
   * {@code [W_ih | b_ih + b_hh]}, {@code [4H, kx]}: the biases as one more column of the input
   * weights, so that each step's input product adds them (its x rows end in a 1).
   */
  private float[] inputWeights(Tensor[] inputs, int kx) {
    float[] wih = wIh.data();
    float[] bias = summedBias(inputs);
    float[] wx = ArrayPool.takeUninitialised(4 * hid * kx);
    for (int j = 0; j < 4 * hid; j++) {
      System.arraycopy(wih, j * in, wx, j * kx, in);
      if (bias != null) wx[j * kx + in] = bias[j];
    }
    return wx;
  }

  /**
   * {@code W_hh,qᵀ} for each gate, one {@code [H, H]} block after the other. The step loop
   * multiplies by these 4·T times per forward pass, and OpenBLAS is slower with a transposed right
   * operand when the left one has few rows (for {@code [32, 128]·[128, 128]}, 13.8 µs against 9.4
   * µs on the Emerald Rapids host): transposing once costs less than one step. In tiles and over
   * the cores ({@link Transpose}), since the cores wait for it before they take their slices.
   */
  private float[] recurrentWeightsTransposed() {
    float[] whhT = ArrayPool.takeUninitialised(4 * hid * hid);
    Transpose.stack(wHh.data(), whhT, 4, hid, hid);
    return whhT;
  }

  /** Forward for one slice of sequences, all steps. */
  private void forwardSlice(
      LstmTape tape, float[] wx, float[] whhT, float[] h0, float[] c0, float[] packed) {
    int lo = tape.lo;
    int rows = tape.rows;
    int n = tape.n;
    System.arraycopy(h0, lo * hid, tape.h0, 0, n);
    System.arraycopy(c0, lo * hid, tape.cIn, 0, n);
    keepForWeightGrads(tape, 0, tape.h0, 0);
    inputProducts(tape, wx);
    for (int k = 0; k < t; k++) {
      int s = step(k);
      int at = tape.block(k);
      // h entering this step: h0, or the block the previous step wrote.
      float[] hIn = k == 0 ? tape.h0 : tape.h;
      int hAt = k == 0 ? 0 : at - n;
      for (int q = 0; q < 4; q++) {
        Blas.sgemm( // z_q += h_{t−1}·W_hh,qᵀ
            1f,
            MatrixView.of(hIn, hAt, rows, hid),
            MatrixView.of(whhT, q * hid * hid, hid, hid),
            1f,
            MatrixView.of(tape.gate(q), at, rows, hid));
      }
      GateKernels.sigmoid(tape.i, at, n);
      GateKernels.sigmoid(tape.f, at, n);
      GateKernels.tanh(tape.g, at, n);
      GateKernels.sigmoid(tape.o, at, n);
      LstmCellBlock.state(tape.i, tape.f, tape.g, tape.cIn, tape.tc, at, n); // c_t, in tc for now
      passThroughPadding(tape, k, tape.cIn, at, tape.tc, at);
      boolean last = k == t - 1;
      if (!last) {
        System.arraycopy(tape.tc, at, tape.cIn, at + n, n);
      } else {
        for (int r = 0; r < rows; r++) {
          System.arraycopy(tape.tc, at + r * hid, packed, packedAt(lo + r, t + 1), hid);
        }
      }
      GateKernels.tanh(tape.tc, at, n);
      LstmCellBlock.output(tape.o, tape.tc, tape.h, at, n);
      passThroughPadding(tape, k, hIn, hAt, tape.h, at);
      if (!last) keepForWeightGrads(tape, k + 1, tape.h, at);
      for (int r = 0; r < rows; r++) {
        if (valid(lo + r, s)) {
          System.arraycopy(tape.h, at + r * hid, packed, packedAt(lo + r, s), hid);
        }
        if (last) {
          System.arraycopy(tape.h, at + r * hid, packed, packedAt(lo + r, t), hid);
        }
      }
    }
  }

  /**
   * The part of every step's gates that does not wait for h: {@code z_q = [x_t 1]·[W_ih,q b_q]ᵀ}
   * for all steps of the slice at once, one GEMM per gate over {@code T·rows} rows, written where
   * the step loop adds {@code h_{t−1}·W_hh,qᵀ}. (One product per step and gate, {@code [32,
   * 29]·[29, 128]} for the benchmark's slice, took 3.3 µs; a step's share of the one over all
   * steps, 1.7.)
   */
  private void inputProducts(LstmTape tape, float[] wx) {
    int rows = tape.rows;
    int kx = tape.kx;
    int w = tape.width;
    float[] xd = x.data();
    for (int k = 0; k < t; k++) {
      int s = step(k);
      int xAt = tape.hxBlock(k) + hid;
      for (int r = 0; r < rows; r++) {
        System.arraycopy(xd, ((tape.lo + r) * t + s) * in, tape.hx, xAt + r * w, in);
        if (kx > in) tape.hx[xAt + r * w + in] = 1f;
      }
    }
    int all = t * rows;
    for (int q = 0; q < 4; q++) {
      Blas.sgemm(
          1f,
          MatrixView.of(tape.hx, hid, all, kx, w),
          MatrixView.of(wx, q * hid * kx, hid, kx).t(),
          0f,
          MatrixView.of(tape.gate(q), 0, all, hid));
    }
  }

  /** The h entering step {@code k} (a block of {@code from} at {@code at}) into its rows of hx. */
  private void keepForWeightGrads(LstmTape tape, int k, float[] from, int at) {
    int to = tape.hxBlock(k);
    for (int r = 0; r < tape.rows; r++) {
      System.arraycopy(from, at + r * hid, tape.hx, to + r * tape.width, hid);
    }
  }

  /**
   * At padded steps (at or past a sequence's length) the state passes through unchanged: copies
   * those rows of the block {@code from} into {@code to}.
   */
  private void passThroughPadding(
      LstmTape tape, int k, float[] from, int fromAt, float[] to, int toAt) {
    if (lengths == null) return;
    int s = step(k);
    for (int r = 0; r < tape.rows; r++) {
      if (!valid(tape.lo + r, s)) {
        System.arraycopy(from, fromAt + r * hid, to, toAt + r * hid, hid);
      }
    }
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    int g4 = 4 * hid;
    float[] dPacked = gradOut.data();
    float[] dh0 = needsInputGrad(1) ? ArrayPool.takeUninitialised(b * hid) : null;
    float[] dc0 = needsInputGrad(2) ? ArrayPool.takeUninitialised(b * hid) : null;
    float[] dx = needsInputGrad(0) ? ArrayPool.takeUninitialised(b * t * in) : null;
    // Each slice sums its own share of the weight gradients; the shares are added at the end.
    float[][] sum =
        sumOverSlices(
            (slice, lo, hi, share) -> {
              LstmTape tape = tapes[slice];
              float[][] dz = new float[4][];
              for (int q = 0; q < 4; q++) dz[q] = ArrayPool.takeUninitialised(t * tape.n);
              backwardSlice(tape, dPacked, dz, dh0, dc0);
              weightGrads(tape, dz, share[0], share[1], share[2]);
              if (dx != null) inputGrad(tape, dz, dx);
              for (float[] d : dz) ArrayPool.give(d); // this slice's workspaces
            },
            g4 * in,
            g4 * hid,
            g4);
    float[] db = sum[2];
    return gradients(dx, new float[][] {dh0, dc0}, sum[0], sum[1], db, hasBias ? db.clone() : null);
  }

  /** The saved activations are this node's alone: back to the pool once the graph is freed. */
  @Override
  protected void releaseSaved() {
    if (tapes == null) return;
    for (LstmTape tape : tapes) {
      if (tape != null) tape.release();
    }
    tapes = null;
  }

  /**
   * Backpropagation through time for one slice: fills {@code dz} (per gate, the tape's layout) and
   * the slice's rows of dh0 and dc0.
   */
  private void backwardSlice(
      LstmTape tape, float[] dPacked, float[][] dz, float[] dh0, float[] dc0) {
    int lo = tape.lo;
    int rows = tape.rows;
    int n = tape.n;
    // dh, dc reaching step k sit in block k, like the tape's; dOut is the output's gradient.
    float[] dh = ArrayPool.takeUninitialised(t * n);
    float[] dc = ArrayPool.takeUninitialised(t * n);
    float[] dOut = ArrayPool.takeUninitialised(t * n);
    float[] dhFirst = ArrayPool.takeUninitialised(n); // reaches h0
    float[] kept = lengths == null ? null : ArrayPool.takeUninitialised(n);
    int lastAt = tape.block(t - 1);
    for (int r = 0; r < rows; r++) { // start from dL/dh_N and dL/dc_N
      System.arraycopy(dPacked, packedAt(lo + r, t), dh, lastAt + r * hid, hid);
      System.arraycopy(dPacked, packedAt(lo + r, t + 1), dc, lastAt + r * hid, hid);
    }
    float[] whh = wHh.data();
    for (int k = t - 1; k >= 0; k--) {
      int s = step(k);
      int at = tape.block(k);
      for (int r = 0; r < rows; r++) {
        int ri = at + r * hid;
        if (valid(lo + r, s)) {
          System.arraycopy(dPacked, packedAt(lo + r, s), dOut, ri, hid);
        } else { // padding: no output; dc passes through (kept), dh below
          Arrays.fill(dOut, ri, ri + hid, 0f);
          System.arraycopy(dc, ri, kept, r * hid, hid);
        }
      }
      LstmCellBlock.backward(tape, dOut, dh, dc, dz, at, n);
      if (lengths != null) {
        for (int r = 0; r < rows; r++) {
          if (valid(lo + r, s)) continue;
          int ri = at + r * hid;
          for (float[] d : dz) Arrays.fill(d, ri, ri + hid, 0f);
          System.arraycopy(kept, r * hid, dc, ri, hid);
        }
      }
      if (k > 0) System.arraycopy(dc, at, dc, at - n, n); // dc_{t−1} reaches the step before
      // dh_{t−1} = Σ_q dz_q · W_hh,q: [rows, H] x [H, H] per gate.
      float[] dst = k > 0 ? dh : dhFirst;
      int dAt = k > 0 ? at - n : 0;
      for (int q = 0; q < 4; q++) {
        Blas.sgemm(
            1f,
            MatrixView.of(dz[q], at, rows, hid),
            MatrixView.of(whh, q * hid * hid, hid, hid),
            q == 0 ? 0f : 1f,
            MatrixView.of(dst, dAt, rows, hid));
      }
      passThroughPadding(tape, k, dh, at, dst, dAt); // padded rows: dh passes through
    }
    if (dh0 != null) System.arraycopy(dhFirst, 0, dh0, lo * hid, n);
    if (dc0 != null) System.arraycopy(dc, 0, dc0, lo * hid, n);
    for (float[] a : new float[][] {dh, dc, dOut, dhFirst, kept}) ArrayPool.give(a);
  }

  /**
   * One GEMM per gate over all steps of the slice ({@code T·rows} rows, padded steps have dz = 0):
   * {@code [dW_hh,q | dW_ih,q | db_q] = dz_qᵀ·[h_prev | x | 1]} (see {@link LstmTape}), then the
   * three parts copied to their places.
   */
  private void weightGrads(LstmTape tape, float[][] dz, float[] dWih, float[] dWhh, float[] db) {
    int w = tape.width;
    int all = t * tape.rows;
    float[] dw = ArrayPool.takeUninitialised(4 * hid * w);
    for (int q = 0; q < 4; q++) {
      Blas.sgemm(
          1f,
          MatrixView.of(dz[q], 0, all, hid).t(),
          MatrixView.of(tape.hx, 0, all, w),
          0f,
          MatrixView.of(dw, q * hid * w, hid, w));
    }
    for (int j = 0; j < 4 * hid; j++) {
      System.arraycopy(dw, j * w, dWhh, j * hid, hid);
      System.arraycopy(dw, j * w + hid, dWih, j * in, in);
      if (tape.kx > in) db[j] = dw[j * w + hid + in];
    }
    ArrayPool.give(dw);
  }

  /** {@code dx_t = Σ_q dz_q·W_ih,q} for the slice's rows, all steps at once. */
  private void inputGrad(LstmTape tape, float[][] dz, float[] dx) {
    int rows = tape.rows;
    int all = t * rows;
    float[] wih = wIh.data();
    float[] dxs = ArrayPool.takeUninitialised(all * in); // rows in the tape's order: step, sample
    for (int q = 0; q < 4; q++) {
      Blas.sgemm(
          1f,
          MatrixView.of(dz[q], 0, all, hid),
          MatrixView.of(wih, q * hid * in, hid, in),
          q == 0 ? 0f : 1f,
          MatrixView.of(dxs, 0, all, in));
    }
    for (int k = 0; k < t; k++) {
      int s = step(k);
      for (int r = 0; r < rows; r++) {
        System.arraycopy(dxs, (k * rows + r) * in, dx, ((tape.lo + r) * t + s) * in, in);
      }
    }
    ArrayPool.give(dxs);
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
