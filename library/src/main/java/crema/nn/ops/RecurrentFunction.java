package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.Blas;
import crema.backend.MatrixView;
import crema.backend.Parallel;
import crema.tensor.Function;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * The scaffold shared by the fused recurrent layers {@link LstmFunction}, {@link GruFunction} and
 * {@link RnnFunction}: everything around the cell's own equations, which each subclass keeps.
 *
 * <p>A layer direction has {@code g} gate blocks of {@code H} units each ({@code g} = 4 for the
 * LSTM, 3 for the GRU, 1 for the Elman RNN) and one or two states ({@code h}, plus {@code c} for
 * the LSTM). Its inputs are always
 *
 * <pre>
 * x [B, T, I], the states [B, H], W_ih [gH, I], W_hh [gH, H], optionally b_ih, b_hh [gH]
 * </pre>
 *
 * and its one output packs along time the outputs {@code h_t} (rows {@code 0..T−1}) and the final
 * states (rows {@code T, T + 1, …}) into {@code [B, T + states, H]}. What is the same for every
 * cell lives here:
 *
 * <ul>
 *   <li>the input checks, with error messages prefixed by the layer's name;
 *   <li>the batch cut into one slice of rows per core (sequences never interact), and the sum of
 *       the slices' weight-gradient shares;
 *   <li>for the cells that keep their activations batch-major, {@code [B, T, gH]} (the GRU and the
 *       RNN; the LSTM keeps its own per-slice layout, {@link LstmTape}): the input projection of
 *       all steps at once, {@code x·W_ihᵀ + b}, one GEMM, and the whole-sequence weight gradients,
 *       one GEMM each: {@code dW_ih = Σ_t daᵀ·x_t}, {@code dW_hh = Σ_t dpᵀ·h_{t−1}}, {@code dx_t =
 *       da·W_ih}, {@code db = Σ_t Σ_b d}, where {@code da} and {@code dp} are the gradients of the
 *       input and hidden projections (the same array except for the GRU);
 *   <li>the packing of the gradients in the order of the inputs.
 * </ul>
 *
 * <pre>{@code
 * // in a subclass's forward:
 * setInputs(inputs);                                  // checks, sets b, t, in, hid, x, W_ih, W_hh
 * forEachSlice((slice, lo, hi) -> { projectInput(lo, hi, bias, z); ... });
 * }</pre>
 */
abstract class RecurrentFunction extends Function {
  /** Prefix of every error message: "lstm", "gru", "rnn". */
  private final String name;

  /** Gate blocks of H units in W_ih and W_hh: 4, 3 or 1. */
  private final int gates;

  /** State inputs after x, and final states packed after the outputs: 2 (h, c) or 1 (h). */
  private final int states;

  /** Run from the last step to the first. */
  protected final boolean reverse;

  /** Each sequence's true length, or null when all are {@code T} long. */
  protected final int[] lengths;

  // Sizes and inputs, set by setInputs and kept for backward.
  protected int b;
  protected int t;
  protected int in;
  protected int hid;
  protected Tensor x;
  protected Tensor wIh;
  protected Tensor wHh;
  protected boolean hasBias;

  /** How many slices forward cut the batch into (see {@link #forEachSlice}). */
  private int sliceCount;

  RecurrentFunction(String name, int gates, int states, boolean reverse, int[] lengths) {
    this.name = name;
    this.gates = gates;
    this.states = states;
    this.reverse = reverse;
    this.lengths = lengths == null ? null : lengths.clone();
  }

  /** The time step processed {@code k}-th. */
  protected final int step(int k) {
    return reverse ? t - 1 - k : k;
  }

  /** Whether step {@code s} of sequence {@code row} is real, not padding. */
  protected final boolean valid(int row, int s) {
    return lengths == null || s < lengths[row];
  }

  /**
   * Index of row {@code s} (a step, or {@code T + i} for final state i) of sequence r in packed.
   */
  protected final int packedAt(int r, int s) {
    return (r * (t + states) + s) * hid;
  }

  /** Checks the inputs, then keeps the sizes, x, W_ih, W_hh and whether there are biases. */
  protected final void setInputs(Tensor[] inputs) {
    check(inputs);
    x = inputs[0];
    wIh = inputs[states + 1];
    wHh = inputs[states + 2];
    hasBias = inputs.length == states + 5;
  }

  /**
   * A zeroed {@code [B + 1, T, width]} array for a saved activation or its gradient: one sequence
   * of slack. The per-step GEMMs address these arrays with a whole sequence as row stride, and
   * netlib bounds-checks as if the last row were full length. {@code Blas.sgemm} would copy such a
   * matrix for every step; 1/B more memory keeps each step's call native and copy-free. From the
   * pool: give it back ({@link #releaseSaved}, or at the end of backward for a gradient).
   */
  protected final float[] withSlack(int width) {
    return ArrayPool.take((b + 1) * t * width);
  }

  /**
   * An array of {@code n} floats that the cell writes at every real step (the LSTM's packed
   * output): zeroed only when some steps are padding (which must read as zeros), else taken as it
   * comes from the pool.
   */
  protected final float[] zeroedIfPadded(int n) {
    return ArrayPool.take(n, lengths == null);
  }

  /**
   * {@code b_ih + b_hh}, for the cells in which the two biases only ever appear summed (LSTM, Elman
   * RNN): added once, into every row of the input projection. Null without biases.
   */
  protected final float[] summedBias(Tensor[] inputs) {
    if (!hasBias) {
      return null;
    }
    float[] bias = inputs[states + 3].data().clone();
    float[] bHh = inputs[states + 4].data();
    for (int j = 0; j < bias.length; j++) bias[j] += bHh[j];
    return bias;
  }

  /**
   * Where sequence {@code r}'s new state {@code i} (0 for h, 1 for c) goes after a step: the row of
   * the next step {@code sNext}, which reads it as its previous state, or after the last step the
   * packed final state.
   */
  protected final int nextStateAt(int r, int sNext, boolean last, int i) {
    return last ? packedAt(r, t + i) : (r * t + sNext) * hid;
  }

  /** The packed output {@code [B, T + states, H]} around its data. */
  protected final Tensor wrapPacked(float[] packed) {
    return Tensor.wrap(packed, b, t + states, hid);
  }

  // ---- forward ----

  /**
   * Input projection of every step of the sequences {@code [lo, hi)} at once, {@code [rows·T, I] x
   * [I, gH]}, into {@code dst [B, T, gH]}: {@code x·W_ihᵀ + bias}, or without a bias when it is
   * null.
   */
  protected final void projectInput(int lo, int hi, float[] bias, float[] dst) {
    int g = gates * hid;
    if (bias != null) {
      for (int r = lo * t; r < hi * t; r++) System.arraycopy(bias, 0, dst, r * g, g);
    }
    Blas.sgemm(
        1f,
        MatrixView.of(x.data(), lo * t * in, (hi - lo) * t, in),
        MatrixView.of(wIh.data(), 0, g, in).t(),
        bias != null ? 1f : 0f,
        MatrixView.of(dst, lo * t * g, (hi - lo) * t, g));
  }

  /**
   * Copies the initial state {@code [B, H]} of the rows {@code [lo, hi)} to where step(0) reads it.
   */
  protected final void initialState(int lo, int hi, float[] s0, float[] prev) {
    int first = step(0);
    for (int r = lo; r < hi; r++) System.arraycopy(s0, r * hid, prev, (r * t + first) * hid, hid);
  }

  /**
   * {@code dst_s += h_{s−1}·W_hhᵀ} for the rows {@code [lo, hi)} at step {@code s}, straight on the
   * saved arrays {@code hPrev [B, T, H]} and {@code dst [B, T, gH]}: their rows sit a whole
   * sequence apart, which is the GEMM's row stride.
   */
  protected final void hiddenStep(int lo, int hi, int s, float[] hPrev, float[] dst) {
    int g = gates * hid;
    Blas.sgemm(
        1f,
        MatrixView.of(hPrev, (lo * t + s) * hid, hi - lo, hid, t * hid),
        MatrixView.of(wHh.data(), 0, g, hid).t(),
        1f,
        MatrixView.of(dst, (lo * t + s) * g, hi - lo, g, t * g));
  }

  // ---- backward ----

  /**
   * {@code dh += d_s·W_hh} for the rows {@code [lo, hi)} at step {@code s}: {@code d [B, T, gH]} is
   * the saved gradient of the hidden projection, {@code dh [rows, H]} contiguous.
   */
  protected final void hiddenStepBack(int lo, int hi, int s, float[] d, float[] dh) {
    int g = gates * hid;
    Blas.sgemm(
        1f,
        MatrixView.of(d, (lo * t + s) * g, hi - lo, g, t * g),
        MatrixView.of(wHh.data(), 0, g, hid),
        1f,
        MatrixView.of(dh, 0, hi - lo, hid));
  }

  /**
   * The gradient reaching final state {@code i} (0 for h, 1 for c) of the sequences {@code [lo,
   * hi)}, contiguous {@code [rows, H]}: where backpropagation through time starts.
   */
  protected final float[] finalStateGrad(float[] dPacked, int lo, int hi, int i) {
    float[] d = ArrayPool.take((hi - lo) * hid);
    for (int r = lo; r < hi; r++) {
      System.arraycopy(dPacked, packedAt(r, t + i), d, (r - lo) * hid, hid);
    }
    return d;
  }

  /** Copies the rows {@code [lo, hi)} of a state gradient {@code [rows, H]} into dst, if wanted. */
  protected final void copyStateGrad(float[] d, int lo, int hi, float[] dst) {
    if (dst == null) return;
    for (int r = lo; r < hi; r++) System.arraycopy(d, (r - lo) * hid, dst, r * hid, hid);
  }

  /**
   * Over all steps of the sequences {@code [lo, hi)} at once, from the gradient {@code da [B, T,
   * gH]} of the input projection: {@code dW_ih = Σ_t daᵀ·x_t} and, when dx is not null, {@code dx_t
   * = da·W_ih}. (Padded steps have {@code da = 0}.)
   */
  protected final void inputGrads(int lo, int hi, float[] da, float[] dWih, float[] dx) {
    int g = gates * hid;
    int n = (hi - lo) * t;
    int off = lo * t * g;
    Blas.sgemm(
        1f,
        MatrixView.of(da, off, n, g).t(),
        MatrixView.of(x.data(), lo * t * in, n, in),
        0f,
        MatrixView.of(dWih, 0, g, in));
    if (dx != null) {
      Blas.sgemm(
          1f,
          MatrixView.of(da, off, n, g),
          MatrixView.of(wIh.data(), 0, g, in),
          0f,
          MatrixView.of(dx, lo * t * in, n, in));
    }
  }

  /**
   * {@code dW_hh = Σ_t dpᵀ·h_{t−1}} over all steps of the sequences {@code [lo, hi)}, from the
   * gradient {@code dp [B, T, gH]} of the hidden projection and the states {@code hPrev [B, T, H]}
   * entering each step.
   */
  protected final void hiddenGrads(int lo, int hi, float[] dp, float[] hPrev, float[] dWhh) {
    int g = gates * hid;
    int n = (hi - lo) * t;
    Blas.sgemm(
        1f,
        MatrixView.of(dp, lo * t * g, n, g).t(),
        MatrixView.of(hPrev, lo * t * hid, n, hid),
        0f,
        MatrixView.of(dWhh, 0, g, hid));
  }

  /** {@code db += Σ_t Σ_b d} over the sequences {@code [lo, hi)}, when there are biases. */
  protected final void biasGrad(int lo, int hi, float[] d, float[] db) {
    if (!hasBias) return;
    int g = gates * hid;
    int n = (hi - lo) * t;
    if (n == 0) return;
    // As a product, 1ᵀ·d over the n rows: a loop adding rows into db stays scalar (C2 cannot
    // tell that db is not d), and summed 0.9 million floats per step of the course's LSTM.
    float[] ones = ArrayPool.takeUninitialised(n);
    Arrays.fill(ones, 0, n, 1f);
    Blas.sgemm(
        1f,
        MatrixView.of(ones, 0, 1, n),
        MatrixView.of(d, lo * t * g, n, g),
        1f,
        MatrixView.of(db, 0, 1, g));
    ArrayPool.give(ones);
  }

  /**
   * The gradients in the order of the inputs: {@code dx}, the states', {@code dW_ih}, {@code
   * dW_hh}, and {@code db_ih}, {@code db_hh} when there are biases. A null array is an input whose
   * gradient was not asked for.
   */
  protected final Tensor[] gradients(
      float[] dx, float[][] dStates, float[] dWih, float[] dWhh, float[] dbIh, float[] dbHh) {
    int g = gates * hid;
    Tensor[] grads = new Tensor[hasBias ? states + 5 : states + 3];
    grads[0] = dx == null ? null : Tensor.wrap(dx, b, t, in);
    for (int i = 0; i < states; i++) {
      grads[1 + i] = dStates[i] == null ? null : Tensor.wrap(dStates[i], b, hid);
    }
    grads[states + 1] = Tensor.wrap(dWih, g, in);
    grads[states + 2] = Tensor.wrap(dWhh, g, hid);
    if (hasBias) {
      grads[states + 3] = Tensor.wrap(dbIh, g);
      grads[states + 4] = Tensor.wrap(dbHh, g);
    }
    return grads;
  }

  // ---- slicing the batch over cores ----

  /** The work of slice number {@code slice}, the rows {@code [lo, hi)}. */
  protected interface SliceBody {
    void run(int slice, int lo, int hi);
  }

  /** The work of one slice of rows {@code [lo, hi)}, summing into its own gradient shares. */
  protected interface SliceShares {
    void run(int slice, int lo, int hi, float[][] shares);
  }

  /**
   * How many row slices the batch is cut into: one per core, never more than the rows; one alone
   * when OpenBLAS threads a step's product {@code h·W_hhᵀ} itself ({@code OPENBLAS_NUM_THREADS}
   * unset or above 1). Two kinds of threads must never multiply (see {@link Workers}): with both,
   * each core's slice called an OpenBLAS that threaded its small products over the same cores, and
   * the benchmark's LSTM trained 2.3-2.6 times slower than with single-threaded BLAS.
   */
  protected final int slices() {
    if (Blas.threadsItself((long) b * hid * gates * hid)) {
      return 1;
    }
    return Math.max(1, Math.min(Parallel.threads(), b));
  }

  /**
   * Runs {@code body} over the row slices of the batch, one slice per core. The cut is kept for
   * {@link #sumOverSlices}, so that backward sees the slices forward saw (a cell that keeps state
   * per slice needs them to be the same, even if the thread count changed in between).
   */
  protected final void forEachSlice(SliceBody body) {
    int slices = slices();
    sliceCount = slices;
    Parallel.parallelFor(
        slices,
        1,
        (c0, c1) -> {
          for (int c = c0; c < c1; c++) {
            body.run(c, b * c / slices, b * (c + 1) / slices);
          }
        });
  }

  /**
   * Runs {@code body} over the row slices of the forward pass, each with its own zeroed shares of
   * the given sizes (weight and bias gradients), and returns the shares summed over the slices.
   */
  protected final float[][] sumOverSlices(SliceShares body, int... sizes) {
    int slices = sliceCount;
    float[][][] shares = new float[slices][sizes.length][];
    for (int c = 0; c < slices; c++) {
      for (int i = 0; i < sizes.length; i++) shares[c][i] = ArrayPool.take(sizes[i]);
    }
    Parallel.parallelFor(
        slices,
        1,
        (c0, c1) -> {
          for (int c = c0; c < c1; c++) {
            body.run(c, b * c / slices, b * (c + 1) / slices, shares[c]);
          }
        });
    for (int c = 1; c < slices; c++) {
      for (int i = 0; i < sizes.length; i++) {
        add(shares[0][i], shares[c][i]);
        ArrayPool.give(shares[c][i]); // summed: only shares[0] leaves this method
      }
    }
    return shares[0];
  }

  /**
   * {@code acc += v}, over the cores when long: the LSTM's recurrent weight gradient is 65,536
   * floats, added while the other cores would wait.
   */
  private static void add(float[] acc, float[] v) {
    Parallel.forElements(
        acc.length,
        (lo, hi) -> {
          for (int i = lo; i < hi; i++) acc[i] += v[i];
        });
  }

  // ---- input checks ----

  /** Checks the shapes and lengths of the inputs, and sets the sizes. */
  private void check(Tensor[] inputs) {
    if (inputs.length != states + 3 && inputs.length != states + 5) {
      throw new IllegalArgumentException(
          name
              + ": expects x, "
              + (states == 2 ? "h0, c0" : "h0")
              + ", W_ih, W_hh and optionally b_ih, b_hh, got "
              + inputs.length
              + " inputs");
    }
    int[] xs = inputs[0].shape();
    int[] ws = inputs[states + 2].shape();
    if (ws.length != 2 || ws[0] != gates * ws[1]) {
      throw new IllegalArgumentException(
          name
              + ": W_hh must be ["
              + (gates == 1 ? "" : gates)
              + "H, H], got "
              + Arrays.toString(ws));
    }
    hid = ws[1];
    checkX(xs);
    b = xs[0];
    t = xs[1];
    in = xs[2];
    expect("W_ih", inputs[states + 1], gates * hid, in);
    expect("h0", inputs[1], b, hid);
    if (states == 2) expect("c0", inputs[2], b, hid);
    if (inputs.length == states + 5) {
      expect("b_ih", inputs[states + 3], gates * hid);
      expect("b_hh", inputs[states + 4], gates * hid);
    }
    if (lengths != null) {
      if (lengths.length != b) {
        throw new IllegalArgumentException(
            name + ": " + lengths.length + " lengths for a batch of " + b + " sequences");
      }
      for (int i = 0; i < b; i++) {
        if (lengths[i] < 1 || lengths[i] > t) {
          throw new IllegalArgumentException(
              name + ": length " + lengths[i] + " of sequence " + i + " is outside 1.." + t);
        }
      }
    }
  }

  /** Checks that x is {@code [B, T, I]} with at least one step. */
  protected void checkX(int[] xs) {
    if (xs.length != 3 || xs[1] < 1) {
      throw new IllegalArgumentException(
          name + ": x must be batch-first [B, T, I] with T ≥ 1, got " + Arrays.toString(xs));
    }
  }

  private void expect(String what, Tensor v, int... shape) {
    if (!Arrays.equals(v.shape(), shape)) {
      throw new IllegalArgumentException(
          name
              + ": "
              + what
              + " must be "
              + Arrays.toString(shape)
              + ", got "
              + Arrays.toString(v.shape()));
    }
  }
}
