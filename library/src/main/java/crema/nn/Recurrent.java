package crema.nn;

import crema.nn.ops.LstmFunction;
import crema.tensor.Function;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share: stacking layers, running each direction
 * over time, masking padded steps, and PyTorch's parameter names and layouts.
 *
 * <p>Layer {@code l} has, per direction ({@code _reverse} suffix for the backward one), {@code
 * weight_ih_l{l}} {@code [G·H, I_l]}, {@code weight_hh_l{l}} {@code [G·H, H]}, {@code bias_ih_l{l}}
 * and {@code bias_hh_l{l}} {@code [G·H]}, where G is the number of gates (1, 4 or 3) and {@code
 * I_0} the input size, {@code I_l = D·H} above. All are initialised uniformly on {@code ±1/√H}, as
 * PyTorch does. Inputs are batch-first, {@code [B, T, I]}.
 *
 * <p>The input projection {@code x·W_ihᵀ + b_ih} does not depend on the state: the GRU and RNN
 * nodes (and the composed path) compute it for all time steps in one matrix product before the
 * loop, the LSTM node step by step into a buffer that stays in cache; only {@code h·W_hhᵀ} has to
 * wait for the previous step.
 */
public abstract class Recurrent extends Module {
  // Package-private switch for tests: false runs the composed reference path (cell by cell).
  boolean fused = true;

  /** Features per time step of the input. */
  public final int inputSize;

  /** Features of the hidden state. */
  public final int hiddenSize;

  /** Stacked layers. */
  public final int numLayers;

  /** Whether a second pass reads each sequence backwards. */
  public final boolean bidirectional;

  private final int gates;
  // Also registered by name (weight_ih_l0, ...); transient so reflection does not list them twice.
  private final transient List<Parameter[]> weights = new ArrayList<>();

  /**
   * @param gates rows of the weight matrices per hidden unit: 1 (RNN), 4 (LSTM), 3 (GRU)
   */
  // registerParameter only stores into Module's own maps, which are initialised before this
  // constructor runs; subclasses add no state that it could see half-built.
  @SuppressWarnings("this-escape")
  protected Recurrent(
      int gates,
      int inputSize,
      int hiddenSize,
      int numLayers,
      boolean bias,
      boolean bidirectional) {
    if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0) {
      throw new IllegalArgumentException(
          getClass().getSimpleName()
              + ": input size, hidden size and layers must be positive, got "
              + inputSize
              + ", "
              + hiddenSize
              + ", "
              + numLayers);
    }
    this.gates = gates;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.bidirectional = bidirectional;
    double bound = 1.0 / Math.sqrt(hiddenSize);
    Rng rng = Rng.global();
    for (int l = 0; l < numLayers; l++) {
      int in = l == 0 ? inputSize : hiddenSize * directions();
      for (int d = 0; d < directions(); d++) {
        String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
        Parameter[] w = new Parameter[4];
        w[0] = registerParameter("weight_ih" + suffix, param(rng, bound, gates * hiddenSize, in));
        w[1] =
            registerParameter(
                "weight_hh" + suffix, param(rng, bound, gates * hiddenSize, hiddenSize));
        if (bias) {
          w[2] = registerParameter("bias_ih" + suffix, param(rng, bound, gates * hiddenSize));
          w[3] = registerParameter("bias_hh" + suffix, param(rng, bound, gates * hiddenSize));
        }
        weights.add(w);
      }
    }
  }

  private static Parameter param(Rng rng, double bound, int... shape) {
    return new Parameter(Init.uniform(Tensor.zeros(shape), -bound, bound, rng));
  }

  /** 2 when bidirectional, else 1. */
  public final int directions() {
    return bidirectional ? 2 : 1;
  }

  /** Whether the layer carries a cell state besides the hidden state (the LSTM). */
  protected boolean hasCellState() {
    return false;
  }

  /**
   * One time step of one direction of one layer.
   *
   * @param xProj {@code x_t·W_ihᵀ + b_ih}, {@code [B, G·H]}
   * @param h the previous hidden state {@code [B, H]}
   * @param c the previous cell state (LSTM only, else null)
   * @param wHh {@code [G·H, H]}
   * @param bHh {@code [G·H]} or null
   * @return the new {@code {h, c}} ({@code c} null except for the LSTM)
   */
  protected abstract Tensor[] cell(Tensor xProj, Tensor h, Tensor c, Tensor wHh, Tensor bHh);

  /** All outputs {@code [B, T, D·H]}, starting from zero states. */
  @Override
  public Tensor forward(Tensor x) {
    return forward(x, null, null, null).output();
  }

  /** Outputs and final states, starting from zero states. */
  public RecurrentOutput forwardWithState(Tensor x) {
    return forward(x, null, null, null);
  }

  /**
   * Runs the layer over a batch of sequences.
   *
   * @param x {@code [B, T, I]}
   * @param h0 initial hidden states {@code [L·D, B, H]}, or null for zeros
   * @param c0 initial cell states {@code [L·D, B, H]} (LSTM), or null for zeros
   * @param lengths each sequence's true length (the rest is padding), or null when all are {@code
   *     T} long: padded steps neither change the state nor produce output, as with PyTorch's packed
   *     sequences
   */
  public RecurrentOutput forward(Tensor x, Tensor h0, Tensor c0, int[] lengths) {
    int[] s = x.shape();
    String me = me();
    if (s.length != 3 || s[2] != inputSize) {
      throw new IllegalArgumentException(
          me + " expects batch-first input [B, T, " + inputSize + "], got " + Arrays.toString(s));
    }
    int b = s[0];
    int t = s[1];
    int[] stateShape = {numLayers * directions(), b, hiddenSize};
    checkState(me, "h0", h0, stateShape);
    checkState(me, "c0", c0, stateShape);
    if (lengths != null) {
      checkLengths(me, lengths, b, t);
    }

    List<Tensor> hN = new ArrayList<>();
    List<Tensor> cN = new ArrayList<>();
    Tensor layerInput = x;
    List<Supplier<Tensor>> outputs = new ArrayList<>();
    for (int l = 0; l < numLayers; l++) {
      if (l > 0) {
        layerInput = joined(outputs); // the layer below's outputs are this layer's input
      }
      outputs = new ArrayList<>();
      for (int d = 0; d < directions(); d++) {
        int k = l * directions() + d;
        Parameter[] w = weights.get(k);
        Tensor h =
            h0 == null ? Tensor.zeros(b, hiddenSize) : h0.slice(0, k, k + 1).reshape(b, hiddenSize);
        Tensor c = null;
        if (hasCellState()) {
          c =
              c0 == null
                  ? Tensor.zeros(b, hiddenSize)
                  : c0.slice(0, k, k + 1).reshape(b, hiddenSize);
        }
        Pass r = direction(layerInput, h, c, w, d == 1, lengths);
        outputs.add(r.output());
        hN.add(r.hN());
        if (r.cN() != null) {
          cN.add(r.cN());
        }
      }
    }
    List<Supplier<Tensor>> last = outputs;
    // Computed in the grad mode of this call, whenever the caller asks (see RecurrentOutput).
    boolean grad = Tensor.isGradEnabled();
    Supplier<Tensor> output =
        () -> {
          if (grad) {
            try (var on = Tensor.enableGrad()) {
              return joined(last);
            }
          }
          try (var off = Tensor.noGrad()) {
            return joined(last);
          }
        };
    return new RecurrentOutput(
        output, Tensor.stack(hN, 0), cN.isEmpty() ? null : Tensor.stack(cN, 0));
  }

  /** One direction's outputs, or both directions' concatenated along the features. */
  private static Tensor joined(List<Supplier<Tensor>> directions) {
    if (directions.size() == 1) {
      return directions.get(0).get();
    }
    List<Tensor> parts = new ArrayList<>();
    for (Supplier<Tensor> d : directions) {
      parts.add(d.get());
    }
    return Tensor.cat(parts, 2);
  }

  /**
   * One direction's pass over the sequence: its outputs {@code [B, T, H]}, made when first asked
   * for, and its final states {@code [B, H]} ({@code cN} null but for the LSTM).
   */
  private record Pass(Supplier<Tensor> output, Tensor hN, Tensor cN) {}

  /**
   * Runs one direction of one layer over the whole sequence: as one fused autograd node where the
   * layer has one ({@link #fusedFunction}), else composed from {@link #cell} step by step from
   * autograd ops (about fifteen graph nodes a step for the LSTM), the readable reference that tests
   * compare the node with.
   *
   * @param x the layer's input {@code [B, T, I_l]}
   * @param h the initial hidden state {@code [B, H]}
   * @param c the initial cell state {@code [B, H]} (LSTM), else null
   * @param w {@code weight_ih, weight_hh, bias_ih, bias_hh} of this layer and direction (biases may
   *     be null)
   * @param reverse read the sequence from its last step to its first
   * @param lengths each sequence's true length, or null (already checked)
   */
  private Pass direction(
      Tensor x, Tensor h, Tensor c, Parameter[] w, boolean reverse, int[] lengths) {
    Function node = fused ? fusedFunction(reverse, lengths) : null;
    if (node == null) {
      Tensor[] r = composedDirection(x, h, c, w, reverse, lengths);
      return new Pass(() -> r[0], r[1], r[2]);
    }
    boolean cell = hasCellState();
    int nIn = (cell ? 5 : 4) + (w[2] == null ? 0 : 2);
    Tensor[] in = new Tensor[nIn];
    int k = 0;
    in[k++] = x;
    in[k++] = h;
    if (cell) in[k++] = c;
    in[k++] = w[0];
    in[k++] = w[1];
    if (w[2] != null) {
      in[k++] = w[2];
      in[k] = w[3];
    }
    // One node for the whole sequence; its packed result [B, T + states, H] holds the outputs, then
    // h_N, then c_N when there is a cell state. It (when the node is the library's own, which keeps
    // no reference to it) and the state slices are copies that only this layer sees, so their
    // arrays go back to the pool when backward frees the graph. The outputs are copied out of it
    // only when asked for (RecurrentOutput), which must then be before that.
    Tensor packed = node.apply(in);
    if (node.getClass().getPackage() == LstmFunction.class.getPackage()) {
      packed.releaseWithGraph();
    }
    int b = x.size(0);
    int t = x.size(1);
    Supplier<Tensor> output =
        () -> {
          if (packed.isReleased()) {
            throw new IllegalStateException(
                me()
                    + ": output() was first called after backward had freed the graph, and the"
                    + " layer's result went back to the pool with it. A recurrent layer copies the"
                    + " outputs of every step out of its result only when asked for, so that a"
                    + " model that reads only hN() does not pay for them: call output() before"
                    + " backward, or backward with retainGraph = true");
          }
          return packed.slice(1, 0, t);
        };
    return new Pass(
        output,
        packed.slice(1, t, t + 1).releaseWithGraph().reshape(b, hiddenSize),
        cell ? packed.slice(1, t + 1, t + 2).releaseWithGraph().reshape(b, hiddenSize) : null);
  }

  /**
   * The fused autograd node that runs one whole direction of one layer (see {@link
   * crema.nn.ops.LstmFunction}), or null to run {@link #cell} step by step. Its inputs are {@code
   * x}, the states, {@code W_ih}, {@code W_hh} and optionally {@code b_ih}, {@code b_hh}.
   */
  Function fusedFunction(boolean reverse, int[] lengths) {
    return null;
  }

  /** {@link #direction} composed from autograd ops, {@link #cell} after {@link #cell}. */
  private Tensor[] composedDirection(
      Tensor x, Tensor h, Tensor c, Parameter[] w, boolean reverse, int[] lengths) {
    int b = x.size(0);
    int t = x.size(1);
    Tensor[] masks = lengths == null ? null : stepMasks(lengths, b, t);
    // One GEMM for the input projection of every time step: [B·T, I] x [I, G·H].
    Tensor proj = F.linear(x, w[0], w[2]);
    Tensor[] out = new Tensor[t];
    for (int i = 0; i < t; i++) {
      int step = reverse ? t - 1 - i : i;
      Tensor xp = proj.slice(1, step, step + 1).reshape(b, gates * hiddenSize);
      Tensor[] next = cell(xp, h, c, w[1], w[3]);
      if (masks == null) {
        h = next[0];
        c = next[1];
        out[step] = h;
      } else {
        // Padded steps keep the old state and output zeros.
        Tensor m = masks[step];
        Tensor keep = m.neg().add(1f);
        h = next[0].mul(m).add(h.mul(keep));
        c = c == null ? null : next[1].mul(m).add(c.mul(keep));
        out[step] = next[0].mul(m);
      }
    }
    return new Tensor[] {Tensor.stack(Arrays.asList(out), 1), h, c};
  }

  /** The layer as error messages name it, e.g. {@code LSTM(28→128)}. */
  private String me() {
    return getClass().getSimpleName() + "(" + inputSize + "→" + hiddenSize + ")";
  }

  private static void checkState(String me, String name, Tensor state, int[] expected) {
    if (state != null && !Arrays.equals(state.shape(), expected)) {
      throw new IllegalArgumentException(
          me
              + ": "
              + name
              + " must be [layers·directions, B, H] = "
              + Arrays.toString(expected)
              + ", got "
              + Arrays.toString(state.shape()));
    }
  }

  private static void checkLengths(String me, int[] lengths, int b, int t) {
    if (lengths.length != b) {
      throw new IllegalArgumentException(
          me + ": " + lengths.length + " lengths for a batch of " + b + " sequences");
    }
    for (int i = 0; i < b; i++) {
      if (lengths[i] < 1 || lengths[i] > t) {
        throw new IllegalArgumentException(
            me + ": length " + lengths[i] + " of sequence " + i + " is outside 1.." + t);
      }
    }
  }

  /** Per time step, a {@code [B, 1]} mask: 1 where the step is inside the sequence. */
  private static Tensor[] stepMasks(int[] lengths, int b, int t) {
    Tensor[] masks = new Tensor[t];
    for (int step = 0; step < t; step++) {
      float[] m = new float[b];
      for (int i = 0; i < b; i++) {
        m[i] = step < lengths[i] ? 1f : 0f;
      }
      masks[step] = Tensor.of(m, b, 1);
    }
    return masks;
  }

  @Override
  protected String extraRepr() {
    return inputSize
        + ", "
        + hiddenSize
        + (numLayers > 1 ? ", num_layers=" + numLayers : "")
        + (bidirectional ? ", bidirectional=True" : "")
        + ", batch_first=True";
  }
}
