package crema.nn.ops;

/**
 * The LSTM cell's elementwise work for one step of a slice of sequences, forward and backward side
 * by side: the formulas of {@link LstmFunction}'s class comment over a block of {@code n} floats
 * (every sample's {@code H} units of one step), all arrays read and written at {@code [at, at +
 * n)}.
 *
 * <p><b>Why one index for every array.</b> C2 vectorises a loop only if no store in one iteration
 * can feed a load in another. Arrays read and written at one and the same index cannot, whether or
 * not they are one array; an array written at {@code at + j} while another is read at {@code j}
 * might be the same array, and such a loop stays scalar (five times slower here: 0.9 ns per element
 * against 0.19). {@link LstmTape} lays out every per-step quantity so that one step's blocks of all
 * of them start at the same offset, and the workspaces of backward follow it. The loops are kept
 * small for the same reason: C2 does not vectorise a body as large as the whole backward cell.
 *
 * <pre>{@code
 * LstmCellBlock.state(i, f, g, cIn, c, at, n);        // c = f ⊙ c_in + i ⊙ g
 * LstmCellBlock.output(o, tanhC, h, at, n);           // h = o ⊙ tanh(c)
 * }</pre>
 */
final class LstmCellBlock {
  private LstmCellBlock() {}

  /** {@code c = f ⊙ cIn + i ⊙ g}, the new cell state, from the activated gates. */
  static void state(float[] i, float[] f, float[] g, float[] cIn, float[] c, int at, int n) {
    for (int j = at; j < at + n; j++) c[j] = f[j] * cIn[j] + i[j] * g[j];
  }

  /** {@code h = o ⊙ tanh(c)}, with {@code tc} holding {@code tanh(c)}. */
  static void output(float[] o, float[] tc, float[] h, int at, int n) {
    for (int j = at; j < at + n; j++) h[j] = o[j] * tc[j];
  }

  /**
   * One step back. On entry {@code dh} and {@code dc} hold the gradients reaching {@code h_t} from
   * step t+1 and {@code c_t}, {@code dOut} the output's; on return {@code dh} is the whole gradient
   * of {@code h_t}, {@code dc} is {@code dc_{t−1}}, and {@code di, df, dg, dO} are the gradients of
   * the gates' pre-activations:
   *
   * <pre>
   * dh_t  = dh + dOut                  dc_t = dc + dh_t ⊙ o ⊙ (1 − tanh²(c_t))
   * dz_i = dc_t ⊙ g ⊙ i(1−i)           dz_g = dc_t ⊙ i ⊙ (1−g²)
   * dz_f = dc_t ⊙ c_{t−1} ⊙ f(1−f)     dz_o = dh_t ⊙ tanh(c_t) ⊙ o(1−o)
   * dc_{t−1} = dc_t ⊙ f
   * </pre>
   */
  static void backward(
      LstmTape tape, float[] dOut, float[] dh, float[] dc, float[][] dz, int at, int n) {
    float[] o = tape.o;
    float[] tc = tape.tc;
    for (int j = at; j < at + n; j++) {
      float t = tc[j];
      float dhj = dh[j] + dOut[j];
      dh[j] = dhj;
      dc[j] += dhj * o[j] * (1 - t * t);
    }
    inputAndCandidate(tape.i, tape.g, dc, dz[0], dz[2], at, n);
    forgetAndOutput(tape, dh, dc, dz[1], dz[3], at, n);
  }

  private static void inputAndCandidate(
      float[] i, float[] g, float[] dc, float[] di, float[] dg, int at, int n) {
    for (int j = at; j < at + n; j++) {
      float ig = i[j];
      float gg = g[j];
      di[j] = dc[j] * gg * ig * (1 - ig);
      dg[j] = dc[j] * ig * (1 - gg * gg);
    }
  }

  /** dc_{t−1} = dc_t ⊙ f last, as it replaces dc_t. */
  private static void forgetAndOutput(
      LstmTape tape, float[] dh, float[] dc, float[] df, float[] dO, int at, int n) {
    float[] f = tape.f;
    float[] o = tape.o;
    float[] tc = tape.tc;
    float[] cIn = tape.cIn;
    for (int j = at; j < at + n; j++) {
      float fg = f[j];
      float og = o[j];
      df[j] = dc[j] * cIn[j] * fg * (1 - fg);
      dO[j] = dh[j] * tc[j] * og * (1 - og);
      dc[j] *= fg;
    }
  }
}
