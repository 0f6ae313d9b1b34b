package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.GateKernels;

/**
 * One sample's step of the LSTM cell, forward and backward, for {@link LstmFunction}: the formulas
 * of its class comment over one sample's {@code H} hidden units, with every operand copied into an
 * array of its own.
 *
 * <p>Why the copies: C2 vectorises a loop only if it can rule out that a store in one iteration
 * feeds a load in another. Arrays read and written at different offsets ({@code gates[gi + hid +
 * j]}, {@code dz[gi + j]}) might be one array, so such a loop stays scalar; here every loop reads
 * and writes each array at the same index {@code j}. The copies are {@code System.arraycopy} of
 * runs of {@code H} floats, which cost less than the scalar loops did (LSTM 128 at batch 64, one
 * thread: 1.8 ms of an 8.5 ms backward). Loops are kept small for the same reason: C2 does not
 * vectorise a loop body as large as the whole backward cell.
 *
 * <pre>{@code
 * LstmCellRow row = new LstmCellRow(hid);
 * row.forward(activatedGates, at, cPrev, si);   // row.c, row.tc = tanh(c), row.h
 * row.release();
 * }</pre>
 */
final class LstmCellRow {
  private final int hid;
  // Activated gates and the state entering the step.
  private final float[] i;
  private final float[] f;
  private final float[] g;
  private final float[] o;
  private final float[] cp;

  // Forward's results, read by LstmFunction: c_t, tanh(c_t) and h_t (backward reads tanh(c_t)
  // back into tc).
  final float[] c;
  final float[] tc;
  final float[] h;

  // Backward: the output's gradient, dh, and dc (dc_t, then dc_{t−1} in place).
  private final float[] dOut;
  private final float[] dh;
  final float[] dc;
  // Backward: dz per gate.
  private final float[] di;
  private final float[] df;
  private final float[] dg;
  private final float[] dO;

  LstmCellRow(int hid) {
    this.hid = hid;
    i = ArrayPool.takeUninitialised(hid);
    f = ArrayPool.takeUninitialised(hid);
    g = ArrayPool.takeUninitialised(hid);
    o = ArrayPool.takeUninitialised(hid);
    cp = ArrayPool.takeUninitialised(hid);
    c = ArrayPool.takeUninitialised(hid);
    tc = ArrayPool.takeUninitialised(hid);
    h = ArrayPool.takeUninitialised(hid);
    dOut = ArrayPool.takeUninitialised(hid);
    dh = ArrayPool.takeUninitialised(hid);
    dc = ArrayPool.takeUninitialised(hid);
    di = ArrayPool.takeUninitialised(hid);
    df = ArrayPool.takeUninitialised(hid);
    dg = ArrayPool.takeUninitialised(hid);
    dO = ArrayPool.takeUninitialised(hid);
  }

  /**
   * {@code c_t = f ⊙ c_{t−1} + i ⊙ g}, {@code tc = tanh(c_t)}, {@code h_t = o ⊙ tc}, from the
   * activated gates {@code gates[at ..]} (i, f, g, o, each {@code H} long) and {@code cPrev[si
   * ..]}.
   */
  void forward(float[] gates, int at, float[] cPrev, int si) {
    loadGates(gates, at);
    System.arraycopy(cPrev, si, cp, 0, hid);
    for (int j = 0; j < hid; j++) c[j] = f[j] * cp[j] + i[j] * g[j];
    System.arraycopy(c, 0, tc, 0, hid);
    GateKernels.tanh(tc, 0, hid);
    for (int j = 0; j < hid; j++) h[j] = o[j] * tc[j];
  }

  /**
   * One step back: reads the saved gates at {@code gi}, {@code tanh(c_t)} and {@code c_{t−1}} at
   * {@code si}, the output's gradient at {@code oi}, and dh, dc at {@code at}; leaves dz per gate
   * (see {@link #storeGateGrads}) and {@code dc_{t−1}} in {@link #dc}.
   */
  void backward(
      float[] gates,
      int gi,
      float[] tanhC,
      float[] cPrev,
      int si,
      float[] dPacked,
      int oi,
      float[] dhAll,
      float[] dcAll,
      int at) {
    loadGates(gates, gi);
    System.arraycopy(tanhC, si, tc, 0, hid);
    System.arraycopy(cPrev, si, cp, 0, hid);
    System.arraycopy(dPacked, oi, dOut, 0, hid);
    System.arraycopy(dhAll, at, dh, 0, hid);
    System.arraycopy(dcAll, at, dc, 0, hid);
    for (int j = 0; j < hid; j++) { // dh, then dc_t = dc + dh ⊙ o ⊙ (1 − tanh²(c_t))
      float t = tc[j];
      float dhj = dh[j] + dOut[j];
      dh[j] = dhj;
      dc[j] += dhj * o[j] * (1 - t * t);
    }
    for (int j = 0; j < hid; j++) {
      float ig = i[j];
      float gg = g[j];
      di[j] = dc[j] * gg * ig * (1 - ig);
      dg[j] = dc[j] * ig * (1 - gg * gg);
    }
    for (int j = 0; j < hid; j++) { // dc_{t−1} = dc_t ⊙ f last, as it replaces dc_t
      float fg = f[j];
      float og = o[j];
      df[j] = dc[j] * cp[j] * fg * (1 - fg);
      dO[j] = dh[j] * tc[j] * og * (1 - og);
      dc[j] *= fg;
    }
  }

  /** dz of the last {@link #backward} step into {@code dz[at ..]}, gates in order i, f, g, o. */
  void storeGateGrads(float[] dz, int at) {
    System.arraycopy(di, 0, dz, at, hid);
    System.arraycopy(df, 0, dz, at + hid, hid);
    System.arraycopy(dg, 0, dz, at + 2 * hid, hid);
    System.arraycopy(dO, 0, dz, at + 3 * hid, hid);
  }

  /** The arrays back to the pool; the row is not used afterwards. */
  void release() {
    for (float[] a : new float[][] {i, f, g, o, cp, c, tc, h, dOut, dh, dc, di, df, dg, dO}) {
      ArrayPool.give(a);
    }
  }

  private void loadGates(float[] gates, int at) {
    System.arraycopy(gates, at, i, 0, hid);
    System.arraycopy(gates, at + hid, f, 0, hid);
    System.arraycopy(gates, at + 2 * hid, g, 0, hid);
    System.arraycopy(gates, at + 3 * hid, o, 0, hid);
  }
}
