package crema.nn.ops;

import crema.backend.ArrayPool;
import crema.backend.GateKernels;
import crema.tensor.Tensor;

/**
 * One direction of one GRU layer over a whole batch of sequences, as a single autograd node, the
 * same way {@link LstmFunction} does it for the LSTM. Gates in PyTorch's order r, z, n; the hidden
 * projection keeps its own bias because {@code b_hn} sits inside {@code r ⊙ (…)}:
 *
 * <pre>
 * a = x_t·W_ihᵀ + b_ih      p = h_{t−1}·W_hhᵀ + b_hh          (both [B, 3H])
 * r = σ(a_r + p_r)   z = σ(a_z + p_z)   n = tanh(a_n + r ⊙ p_n)
 * h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
 * </pre>
 *
 * Backward, with {@code dh} the gradient reaching {@code h_t}:
 *
 * <pre>
 * dn' = dh ⊙ (1 − z) ⊙ (1 − n²)                  (gradient of a_n)
 * dz' = dh ⊙ (h_{t−1} − n) ⊙ z(1 − z)            dr' = dn' ⊙ p_n ⊙ r(1 − r)
 * da = [dr', dz', dn']     dp = [dr', dz', dn' ⊙ r]
 * dh_{t−1} = dh ⊙ z + dp · W_hh
 * dW_ih = Σ daᵀ·x_t   dW_hh = Σ dpᵀ·h_{t−1}   db_ih = Σ da   db_hh = Σ dp   dx_t = da·W_ih
 * </pre>
 *
 * Inputs {@code x [B, T, I]}, {@code h0 [B, H]}, {@code W_ih [3H, I]}, {@code W_hh [3H, H]}, then
 * optionally {@code b_ih} and {@code b_hh} {@code [3H]}. The output packs the outputs {@code h_t}
 * (rows {@code 0..T−1}) and the final {@code h} (row {@code T}) into {@code [B, T + 1, H]}. {@code
 * lengths} and {@code reverse} work as in {@link LstmFunction}.
 *
 * <pre>{@code
 * Tensor packed = new GruFunction(false, null).apply(x, h0, wIh, wHh, bIh, bHh);
 * Tensor out = packed.slice(1, 0, T);                           // [B, T, H]
 * }</pre>
 */
public final class GruFunction extends RecurrentFunction {
  // Saved for backward, batch-major: a [B, T, 3H] with r, z, n activated in place; p [B, T, 3H]
  // the hidden projections (p_n is read back); hPrev [B, T, H] the state entering step t.
  private float[] a;
  private float[] p;
  private float[] hPrev;

  /**
   * @param reverse run from the last step to the first
   * @param lengths each sequence's true length ({@code 1..T}), or null when all are {@code T} long
   */
  public GruFunction(boolean reverse, int[] lengths) {
    super("gru", 3, 1, reverse, lengths);
  }

  @Override
  protected Tensor forward(Tensor... inputs) {
    setInputs(inputs);
    int g3 = 3 * hid;
    a = withSlack(g3);
    p = withSlack(g3);
    hPrev = withSlack(hid);
    float[] packed = ArrayPool.take(b * (t + 1) * hid); // zeroed, as new arrays were
    float[] bIh = hasBias ? inputs[4].data() : null;
    float[] bHh = hasBias ? inputs[5].data() : null;
    float[] h0 = inputs[1].data();
    forEachSlice((slice, lo, hi) -> forwardRows(lo, hi, bIh, bHh, h0, packed));
    return wrapPacked(packed);
  }

  private void forwardRows(int lo, int hi, float[] bIh, float[] bHh, float[] h0, float[] packed) {
    int g3 = 3 * hid;
    if (hasBias) {
      for (int r = lo * t; r < hi * t; r++) System.arraycopy(bHh, 0, p, r * g3, g3);
    }
    projectInput(lo, hi, bIh, a);
    initialState(lo, hi, h0, hPrev);
    for (int k = 0; k < t; k++) {
      int s = step(k);
      // p_t = b_hh + h_{t−1}·W_hhᵀ for these rows (the bias is already in place).
      hiddenStep(lo, hi, s, hPrev, p);
      boolean last = k == t - 1;
      int sNext = last ? 0 : step(k + 1);
      for (int r = lo; r < hi; r++) {
        int gi = (r * t + s) * g3;
        int si = (r * t + s) * hid;
        float[] hDst = last ? packed : hPrev;
        int hi0 = nextStateAt(r, sNext, last, 0);
        if (!valid(r, s)) {
          System.arraycopy(hPrev, si, hDst, hi0, hid); // padding: the state passes through
          continue;
        }
        for (int j = 0; j < 2 * hid; j++) a[gi + j] += p[gi + j];
        GateKernels.sigmoid(a, gi, 2 * hid); // r and z
        for (int j = 0; j < hid; j++) a[gi + 2 * hid + j] += a[gi + j] * p[gi + 2 * hid + j];
        GateKernels.tanh(a, gi + 2 * hid, hid); // n
        int oi = packedAt(r, s);
        for (int j = 0; j < hid; j++) {
          float z = a[gi + hid + j];
          float h = (1 - z) * a[gi + 2 * hid + j] + z * hPrev[si + j];
          packed[oi + j] = h;
          hDst[hi0 + j] = h;
        }
      }
    }
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    int g3 = 3 * hid;
    float[] dPacked = gradOut.data();
    float[] da = withSlack(g3);
    float[] dp = withSlack(g3);
    float[] dh0 = needsInputGrad(1) ? ArrayPool.take(b * hid) : null;
    float[] dx = needsInputGrad(0) ? ArrayPool.take(b * t * in) : null;
    float[][] sum =
        sumOverSlices(
            (slice, lo, hi, share) -> {
              if (hi == lo) return;
              backwardRows(lo, hi, dPacked, da, dp, dh0);
              inputGrads(lo, hi, da, share[0], dx);
              hiddenGrads(lo, hi, dp, hPrev, share[1]);
              biasGrad(lo, hi, da, share[2]);
              biasGrad(lo, hi, dp, share[3]);
            },
            g3 * in,
            g3 * hid,
            g3,
            g3);
    ArrayPool.give(da);
    ArrayPool.give(dp);
    return gradients(dx, new float[][] {dh0}, sum[0], sum[1], sum[2], sum[3]);
  }

  /** Backpropagation through time for the sequences {@code [lo, hi)}: fills da, dp and dh0. */
  private void backwardRows(int lo, int hi, float[] dPacked, float[] da, float[] dp, float[] dh0) {
    int g3 = 3 * hid;
    float[] dh = finalStateGrad(dPacked, lo, hi, 0);
    for (int k = t - 1; k >= 0; k--) {
      int s = step(k);
      for (int r = lo; r < hi; r++) {
        if (!valid(r, s)) continue; // padding: dh passes through, da and dp stay zero
        int gi = (r * t + s) * g3;
        int si = (r * t + s) * hid;
        int oi = packedAt(r, s);
        int di = (r - lo) * hid;
        for (int j = 0; j < hid; j++) {
          float rg = a[gi + j];
          float z = a[gi + hid + j];
          float n = a[gi + 2 * hid + j];
          float dhj = dh[di + j] + dPacked[oi + j];
          float dn = dhj * (1 - z) * (1 - n * n);
          float dr = dn * p[gi + 2 * hid + j] * rg * (1 - rg);
          float dz = dhj * (hPrev[si + j] - n) * z * (1 - z);
          da[gi + j] = dr;
          da[gi + hid + j] = dz;
          da[gi + 2 * hid + j] = dn;
          dp[gi + j] = dr;
          dp[gi + hid + j] = dz;
          dp[gi + 2 * hid + j] = dn * rg;
          dh[di + j] = dhj * z; // plus dp·W_hh below
        }
      }
      hiddenStepBack(lo, hi, s, dp, dh); // dh_{t−1} += dp · W_hh
    }
    copyStateGrad(dh, lo, hi, dh0);
  }

  /** The saved activations are this node's alone: back to the pool once the graph is freed. */
  @Override
  protected void releaseSaved() {
    if (a == null) return;
    ArrayPool.give(a);
    ArrayPool.give(p);
    ArrayPool.give(hPrev);
    a = p = hPrev = null;
  }
}
