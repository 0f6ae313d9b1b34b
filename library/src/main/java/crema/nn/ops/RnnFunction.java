package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.GateKernels;
import crema.tensor.Tensor;

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
public final class RnnFunction extends RecurrentFunction {
  private final boolean relu;

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
    super("rnn", 1, 1, reverse, lengths);
    this.relu = relu;
  }

  @Override
  protected Tensor forward(Tensor... inputs) {
    setInputs(inputs);
    hs = withSlack(hid);
    hPrev = withSlack(hid);
    float[] packed = ArrayPool.take(b * (t + 1) * hid); // zeroed, as new arrays were
    float[] bias = summedBias(inputs);
    float[] h0 = inputs[1].data();
    forEachSlice((slice, lo, hi) -> forwardRows(lo, hi, bias, h0, packed));
    return wrapPacked(packed);
  }

  private void forwardRows(int lo, int hi, float[] bias, float[] h0, float[] packed) {
    // hs holds the pre-activations until each step squashes its own in place.
    projectInput(lo, hi, bias, hs);
    initialState(lo, hi, h0, hPrev);
    for (int k = 0; k < t; k++) {
      int s = step(k);
      hiddenStep(lo, hi, s, hPrev, hs); // z_t += h_{t−1}·W_hhᵀ
      boolean last = k == t - 1;
      int sNext = last ? 0 : step(k + 1);
      for (int r = lo; r < hi; r++) {
        int si = (r * t + s) * hid;
        float[] hDst = last ? packed : hPrev;
        int hi0 = nextStateAt(r, sNext, last, 0);
        if (!valid(r, s)) {
          System.arraycopy(hPrev, si, hDst, hi0, hid); // padding: the state passes through
          continue;
        }
        if (relu) {
          for (int j = 0; j < hid; j++) hs[si + j] = Math.max(0f, hs[si + j]);
        } else {
          GateKernels.tanh(hs, si, hid);
        }
        System.arraycopy(hs, si, packed, packedAt(r, s), hid);
        System.arraycopy(hs, si, hDst, hi0, hid);
      }
    }
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] dPacked = gradOut.data();
    float[] dz = withSlack(hid);
    float[] dh0 = needsInputGrad(1) ? ArrayPool.take(b * hid) : null;
    float[] dx = needsInputGrad(0) ? ArrayPool.take(b * t * in) : null;
    float[][] sum =
        sumOverSlices(
            (slice, lo, hi, share) -> {
              if (hi == lo) return;
              backwardRows(lo, hi, dPacked, dz, dh0);
              inputGrads(lo, hi, dz, share[0], dx);
              hiddenGrads(lo, hi, dz, hPrev, share[1]);
              biasGrad(lo, hi, dz, share[2]);
            },
            hid * in,
            hid * hid,
            hid);
    ArrayPool.give(dz);
    float[] db = sum[2];
    return gradients(dx, new float[][] {dh0}, sum[0], sum[1], db, hasBias ? db.clone() : null);
  }

  /** Backpropagation through time for the sequences {@code [lo, hi)}: fills dz and dh0. */
  private void backwardRows(int lo, int hi, float[] dPacked, float[] dz, float[] dh0) {
    float[] dh = finalStateGrad(dPacked, lo, hi, 0);
    for (int k = t - 1; k >= 0; k--) {
      int s = step(k);
      for (int r = lo; r < hi; r++) {
        if (!valid(r, s)) continue; // padding: dh passes through, dz stays zero
        int si = (r * t + s) * hid;
        int oi = packedAt(r, s);
        int di = (r - lo) * hid;
        for (int j = 0; j < hid; j++) {
          float h = hs[si + j];
          float dhj = dh[di + j] + dPacked[oi + j];
          dz[si + j] = relu ? (h > 0 ? dhj : 0f) : dhj * (1 - h * h);
          dh[di + j] = 0; // replaced by dz·W_hh below (beta = 1 keeps padded rows' dh)
        }
      }
      hiddenStepBack(lo, hi, s, dz, dh); // dh_{t−1} = dz · W_hh
    }
    copyStateGrad(dh, lo, hi, dh0);
  }

  /** The saved activations are this node's alone: back to the pool once the graph is freed. */
  @Override
  protected void releaseSaved() {
    if (hs == null) return;
    ArrayPool.give(hs);
    ArrayPool.give(hPrev);
    hs = hPrev = null;
  }
}
