package crema.nn.ops;

import crema.backend.ArrayPool;

/**
 * What {@link LstmFunction}'s forward pass keeps for its backward pass, for one slice of the batch
 * (the sequences {@code [lo, hi)}, one slice per core).
 *
 * <p><b>Layout.</b> Every per-step quantity is one array of {@code T} blocks, block {@code k} for
 * the {@code k}-th step processed (the last time step first when the layer runs in reverse), each
 * block a {@code [rows, H]} matrix, row-major:
 *
 * <pre>
 * i, f, g, o   the activated gates                 block k at k·rows·H
 * cIn          the cell state entering step k
 * tc           tanh(c_k), c_k the cell state leaving step k
 * h            h_k, the hidden state leaving step k (so h entering step k is block k−1, or h0)
 * h0           the initial hidden state, one block
 * hx           per step, the two right operands of the weight gradients side by side:
 *              row r of block k is [h entering step k | x_k | 1], hid + kx floats
 * </pre>
 *
 * <p><b>Why this layout.</b> The cell's elementwise loops then run over a whole step of the slice
 * at once ({@code rows·H} floats, 4,096 for the benchmark's LSTM) with every array read and written
 * at the same index, the one shape of loop that C2 vectorises (see {@link LstmCellBlock}). One gate
 * per array (not the four side by side, as {@code W_ih} has them) is what lets a loop read {@code
 * i}, {@code f} and {@code g} at one index; each step's products write each gate's block directly.
 * The weight gradients of gate {@code q} are {@code dz_qᵀ·[h_prev | x | 1]} over all {@code T·rows}
 * rows: with {@code hx} holding those rows, that is one GEMM per gate for {@code dW_hh}, {@code
 * dW_ih} and the bias together, where there were three (for the benchmark's slice of 32 sequences
 * on the Emerald Rapids host: 292 µs for one product of 157 columns against 217 + 91 µs for those
 * of 128 and 29, the narrow one at 73 GFLOP/s, and a third for h0). {@code hx} costs one copy of
 * {@code h} per step.
 *
 * <pre>{@code
 * LstmTape tape = LstmTape.take(lo, hi, t, hid, in + 1);
 * int at = tape.block(k);               // where step k's [rows, H] blocks start
 * int hxAt = tape.hxBlock(k);          // where step k's rows of [h_prev | x | 1] start
 * tape.release();                       // once backward has run (or when nothing will)
 * }</pre>
 */
final class LstmTape {
  final int lo;
  final int rows;

  /** Floats per block: rows·H. */
  final int n;

  /** Columns of x in a row of {@link #hx}: I, or I + 1 with the column of ones for the biases. */
  final int kx;

  /** Floats per row of {@link #hx}: H + kx. */
  final int width;

  final float[] i;
  final float[] f;
  final float[] g;
  final float[] o;
  final float[] cIn;
  final float[] tc;
  final float[] h;
  final float[] h0;
  final float[] hx;

  private LstmTape(int lo, int hi, int t, int hid, int kx) {
    this.lo = lo;
    this.rows = hi - lo;
    this.n = rows * hid;
    this.kx = kx;
    this.width = hid + kx;
    // All written before they are read (see LstmFunction.forward), so taken unzeroed.
    i = ArrayPool.takeUninitialised(t * n);
    f = ArrayPool.takeUninitialised(t * n);
    g = ArrayPool.takeUninitialised(t * n);
    o = ArrayPool.takeUninitialised(t * n);
    cIn = ArrayPool.takeUninitialised(t * n);
    tc = ArrayPool.takeUninitialised(t * n);
    h = ArrayPool.takeUninitialised(t * n);
    h0 = ArrayPool.takeUninitialised(n);
    // H floats more than the rows need: the input products read x as a matrix that starts H into
    // hx with rows of `width`, and netlib accepts a matrix only if whole rows of that stride fit
    // (GemmArgs#fitsWholeRows); otherwise each call would copy it.
    hx = ArrayPool.takeUninitialised(t * rows * width + hid);
  }

  /** A tape for the sequences {@code [lo, hi)} of {@code t} steps, hidden size {@code hid}. */
  static LstmTape take(int lo, int hi, int t, int hid, int kx) {
    return new LstmTape(lo, hi, t, hid, kx);
  }

  /** Where the blocks of the {@code k}-th step processed start. */
  int block(int k) {
    return k * n;
  }

  /** Where step {@code k}'s rows of {@link #hx} start. */
  int hxBlock(int k) {
    return k * rows * width;
  }

  /** Gate {@code q} in PyTorch's order: 0 i, 1 f, 2 g, 3 o. */
  float[] gate(int q) {
    return switch (q) {
      case 0 -> i;
      case 1 -> f;
      case 2 -> g;
      default -> o;
    };
  }

  /** The arrays back to the pool; the tape is not used afterwards. */
  void release() {
    for (float[] a : new float[][] {i, f, g, o, cIn, tc, h, h0, hx}) {
      ArrayPool.give(a);
    }
  }
}
