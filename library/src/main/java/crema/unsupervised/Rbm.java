package crema.unsupervised;

import crema.backend.Blas;
import crema.backend.MatrixView;
import crema.nn.F;
import crema.nn.Linear;
import crema.nn.Module;
import crema.nn.Parameter;
import crema.optim.Optimizer;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.Arrays;
import java.util.concurrent.CancellationException;

/**
 * A restricted Boltzmann machine with binary (Bernoulli) visible units {@code v} and hidden units
 * {@code h}: an energy-based model whose only connections run between the two layers, so that each
 * layer is conditionally independent given the other.
 *
 * <pre>
 *   energy          E(v, h) = −bᵀv − cᵀh − hᵀWv                    W [H, V], b [V], c [H]
 *   probability     p(v, h) = exp(−E(v, h)) / Z
 *   conditionals    p(h_j = 1 | v) = σ(c_j + W_j·v)      p(v_i = 1 | h) = σ(b_i + hᵀW_:i)
 *   free energy     F(v) = −bᵀv − Σ_j softplus(c_j + W_j·v),  p(v) = exp(−F(v)) / Z
 *   gradient        −∂ log p(v)/∂θ = ∂F(v)/∂θ − E_model[∂F/∂θ]
 * </pre>
 *
 * The model expectation is intractable; contrastive divergence (CD-k) replaces it by one sample
 * {@code v_k} from a Gibbs chain started at the data and run for k steps ({@code v → h → v}). The
 * gradient this class hands to an optimizer is therefore, per batch of B,
 *
 * <pre>
 *   ∂W = (P(h|v_k)ᵀ v_k − P(h|v_0)ᵀ v_0) / B      ∂b = mean(v_k − v_0)      ∂c = mean(P(h|v_k) − P(h|v_0))
 * </pre>
 *
 * the gradient of {@code mean F(v_0) − mean F(v_k)} ({@code v_k} held fixed): the data's free
 * energy is pushed down, the reconstruction's pushed up. Any {@code crema.optim} optimizer then
 * steps; SGD with momentum is the classic choice. Inputs in [0, 1] (grey images) are used as
 * probabilities of the visible units.
 *
 * <pre>{@code
 * var rbm = new Rbm(784, 128, new Rng(0));            // state dict: weight, visible_bias, hidden_bias
 * var opt = new SGD(rbm.parameters(), 0.05, 0.9);
 * for (Tensor v : batches) {                          // v [B, 784] in [0, 1]
 *   opt.zeroGrad();
 *   double err = rbm.contrastiveDivergence(v, 1, rng); // CD-1, sets the gradients
 *   opt.step();
 * }
 * Tensor features = rbm.hiddenProbabilities(v);       // [B, 128], also rbm.forward(v)
 * Tensor dreams = rbm.gibbs(v, 1000, rng);            // visible probabilities after 1000 Gibbs steps
 * }</pre>
 */
public final class Rbm extends Module {
  /** The largest layer {@link #logPartition()} enumerates: 2^20 states. */
  public static final int MAX_ENUMERATED_UNITS = 20;

  /** Number of visible units V. */
  public final int visible;

  /** Number of hidden units H. */
  public final int hidden;

  /** The couplings W, {@code [H, V]} (the layout of a {@code Linear(V, H)}'s weight). */
  public final Parameter weight;

  /** The visible biases b, {@code [V]}. */
  public final Parameter visibleBias;

  /** The hidden biases c, {@code [H]}. */
  public final Parameter hiddenBias;

  private float[] gradWeight;

  /**
   * An RBM with weights drawn from N(0, 0.01²) and zero biases, as Hinton's practical guide
   * recommends.
   */
  public Rbm(int visible, int hidden, Rng rng) {
    if (visible < 1 || hidden < 1) {
      throw new IllegalArgumentException(
          "Rbm: need at least one visible and one hidden unit, got " + visible + ", " + hidden);
    }
    this.visible = visible;
    this.hidden = hidden;
    float[] w = new float[hidden * visible];
    rng.fillGaussian(w, 0f, 0.01f);
    this.weight = Parameter.of(w, hidden, visible);
    this.visibleBias = new Parameter(Tensor.zeros(visible));
    this.hiddenBias = new Parameter(Tensor.zeros(hidden));
  }

  /** The up pass {@code p(h = 1 | v)}, {@code [N, H]}. */
  @Override
  public Tensor forward(Tensor v) {
    return hiddenProbabilities(v);
  }

  /** {@code p(h_j = 1 | v) = σ(c_j + W_j·v)} for a batch {@code v [N, V]}: {@code [N, H]}. */
  public Tensor hiddenProbabilities(Tensor v) {
    checkVisible("hiddenProbabilities", v);
    return F.linear(v, weight, hiddenBias).sigmoid();
  }

  /** {@code p(v_i = 1 | h) = σ(b_i + hᵀW_:i)} for a batch {@code h [N, H]}: {@code [N, V]}. */
  public Tensor visibleProbabilities(Tensor h) {
    int[] s = h.shape();
    if (s.length != 2 || s[1] != hidden) {
      throw new IllegalArgumentException(
          "Rbm.visibleProbabilities: need hidden states [N, "
              + hidden
              + "], got "
              + Arrays.toString(s));
    }
    return h.matmul(weight).add(visibleBias).sigmoid();
  }

  /** Binary states drawn independently with the given probabilities: {@code 1 where u < p}. */
  public static Tensor sample(Tensor probabilities, Rng rng) {
    return probabilities.gt(Tensor.rand(rng, probabilities.shape()));
  }

  /** The free energy {@code F(v) = −bᵀv − Σ_j softplus(c_j + W_j·v)} per row, {@code [N]}. */
  public Tensor freeEnergy(Tensor v) {
    checkVisible("freeEnergy", v);
    Tensor visibleTerm = v.matmul(visibleBias);
    Tensor hiddenTerm = softplus(F.linear(v, weight, hiddenBias)).sum(1, false);
    return visibleTerm.add(hiddenTerm).neg();
  }

  /** The energy {@code E(v, h) = −bᵀv − cᵀh − hᵀWv} per row, {@code [N]}. */
  public Tensor energy(Tensor v, Tensor h) {
    checkVisible("energy", v);
    if (h.dim() != 2 || h.size(0) != v.size(0) || h.size(1) != hidden) {
      throw new IllegalArgumentException(
          "Rbm.energy: need h ["
              + v.size(0)
              + ", "
              + hidden
              + "], got "
              + Arrays.toString(h.shape()));
    }
    Tensor coupling = F.linear(v, weight, null).mul(h).sum(1, false);
    return v.matmul(visibleBias).add(h.matmul(hiddenBias)).add(coupling).neg();
  }

  /**
   * One CD-k update's gradient: runs a Gibbs chain of {@code k} steps from {@code v0} {@code [B,
   * V]}, sets the parameters' gradients to the CD estimate (class comment), and returns the
   * reconstruction error of the first step, {@code mean (v0 − p(v | h0))²}. Call the optimizer's
   * {@code step()} next.
   */
  public double contrastiveDivergence(Tensor v0, int k, Rng rng) {
    checkVisible("contrastiveDivergence", v0);
    if (k < 1) {
      throw new IllegalArgumentException(
          "Rbm.contrastiveDivergence: need k >= 1 Gibbs steps, got " + k);
    }
    try (var g = Tensor.noGrad()) {
      Tensor ph0 = hiddenProbabilities(v0);
      Tensor h = sample(ph0, rng);
      Tensor vk = null;
      double error = 0;
      for (int step = 0; step < k; step++) {
        Tensor pv = visibleProbabilities(h);
        if (step == 0) {
          error = meanSquared(v0, pv);
        }
        vk = sample(pv, rng);
        if (step < k - 1) {
          h = sample(hiddenProbabilities(vk), rng);
        }
      }
      setCdGradient(v0, ph0, vk, hiddenProbabilities(vk));
      return error;
    }
  }

  /**
   * Sets the parameters' gradients to the CD estimate for the data {@code v0} and the negative
   * sample {@code vk} (both {@code [B, V]}): the gradient of {@code mean F(v0) − mean F(vk)}.
   */
  public void cdGradient(Tensor v0, Tensor vk) {
    checkVisible("cdGradient", v0);
    checkVisible("cdGradient", vk);
    if (v0.size(0) != vk.size(0)) {
      throw new IllegalArgumentException(
          "Rbm.cdGradient: data and negative sample differ in batch size: "
              + v0.size(0)
              + " vs "
              + vk.size(0));
    }
    try (var g = Tensor.noGrad()) {
      setCdGradient(v0, hiddenProbabilities(v0), vk, hiddenProbabilities(vk));
    }
  }

  private void setCdGradient(Tensor v0, Tensor ph0, Tensor vk, Tensor phk) {
    int b = v0.size(0);
    float inv = 1f / b;
    // The weight gradient's buffer is reused by every step (784×500 floats is 1.5 MB).
    if (gradWeight == null) {
      gradWeight = new float[hidden * visible];
    }
    float[] gw = gradWeight;
    // ∂W = (phkᵀ vk − ph0ᵀ v0) / B: two GEMMs into one buffer.
    Blas.sgemm(
        inv,
        MatrixView.of(phk.data(), 0, b, hidden).t(),
        MatrixView.of(vk.data(), 0, b, visible),
        0f,
        MatrixView.of(gw, 0, hidden, visible));
    Blas.sgemm(
        -inv,
        MatrixView.of(ph0.data(), 0, b, hidden).t(),
        MatrixView.of(v0.data(), 0, b, visible),
        1f,
        MatrixView.of(gw, 0, hidden, visible));
    weight.setGrad(Tensor.wrap(gw, hidden, visible));
    visibleBias.setGrad(vk.sub(v0).mean(0, false));
    hiddenBias.setGrad(phk.sub(ph0).mean(0, false));
  }

  /**
   * Trains for {@code epochs} passes of CD-k over {@code x} {@code [N, V]} in shuffled mini-batches
   * and returns the mean reconstruction error of each epoch.
   */
  public double[] fit(Tensor x, int epochs, int batchSize, int k, Optimizer optimizer, Rng rng) {
    checkVisible("fit", x);
    int n = x.size(0);
    double[] errors = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      int[] perm = rng.permutation(n);
      double sum = 0;
      int batches = 0;
      for (int start = 0; start < n; start += batchSize) {
        // Java's convention for cancelling: the notebook's stop button interrupts this thread.
        if (Thread.currentThread().isInterrupted()) {
          throw new CancellationException(
              "Rbm.fit: interrupted in epoch "
                  + (e + 1)
                  + " of "
                  + epochs
                  + "; the weights hold the last completed batch");
        }
        int[] idx = Arrays.copyOfRange(perm, start, Math.min(n, start + batchSize));
        optimizer.zeroGrad();
        sum += contrastiveDivergence(x.indexSelect(0, idx), k, rng);
        optimizer.step();
        batches++;
      }
      errors[e] = sum / batches;
    }
    return errors;
  }

  /**
   * Runs {@code steps} Gibbs steps {@code v → h → v} from {@code v0} {@code [N, V]} and returns the
   * visible probabilities of the last step: samples of the model, sharper than binary states.
   */
  public Tensor gibbs(Tensor v0, int steps, Rng rng) {
    checkVisible("gibbs", v0);
    try (var g = Tensor.noGrad()) {
      Tensor v = v0;
      Tensor pv = v0;
      for (int s = 0; s < steps; s++) {
        pv = visibleProbabilities(sample(hiddenProbabilities(v), rng));
        v = sample(pv, rng);
      }
      return pv;
    }
  }

  /**
   * The deterministic reconstruction {@code p(v | h = p(h | v))} (mean field, no sampling), {@code
   * [N, V]}.
   */
  public Tensor reconstruct(Tensor v) {
    try (var g = Tensor.noGrad()) {
      return visibleProbabilities(hiddenProbabilities(v));
    }
  }

  /** Mean squared error per pixel of {@link #reconstruct}: {@code mean (v − v̂)²}. */
  public double reconstructionError(Tensor v) {
    return meanSquared(v, reconstruct(v));
  }

  /**
   * Sets {@code b_i = log(p_i / (1 − p_i))} from the mean {@code p_i} of each visible unit in x.
   */
  public Rbm initVisibleBias(Tensor x) {
    checkVisible("initVisibleBias", x);
    try (var g = Tensor.noGrad()) {
      Tensor p = x.mean(0, false).clamp(1e-3f, 1 - 1e-3f);
      visibleBias.assign(p.div(p.neg().add(1f)).log());
    }
    return this;
  }

  /**
   * The exact {@code log Z}, summing {@code exp(−F)} over every state of the smaller layer (at most
   * {@value #MAX_ENUMERATED_UNITS} units): for tests and tiny models only.
   */
  public double logPartition() {
    int units = Math.min(visible, hidden);
    if (units > MAX_ENUMERATED_UNITS) {
      throw new IllegalStateException(
          "Rbm.logPartition: enumerating 2^"
              + units
              + " states is too many; exact log Z needs a layer of at most "
              + MAX_ENUMERATED_UNITS
              + " units");
    }
    return visible <= hidden ? logSumExp(visibleStates(), true) : logSumExp(hiddenStates(), false);
  }

  /** The exact {@code log Z} summed over the visible states {@code Σ_v exp(−F(v))}. */
  double logPartitionOverVisible() {
    return logSumExp(visibleStates(), true);
  }

  /** The exact {@code log Z} summed over the hidden states, with {@code F} of h. */
  double logPartitionOverHidden() {
    return logSumExp(hiddenStates(), false);
  }

  /** The exact mean log-likelihood {@code (1/N) Σ_n log p(v_n) = −mean F(v) − log Z}. */
  public double logLikelihood(Tensor v) {
    try (var g = Tensor.noGrad()) {
      return -freeEnergy(v).mean().item() - logPartition();
    }
  }

  /**
   * The up pass as a {@code Linear(V, H)} holding copies of W and c: put a sigmoid after it to get
   * {@code p(h | v)}; the first layers of a network pretrained by a {@link DeepBeliefNetwork}.
   */
  public Linear toLinear() {
    var fc = new Linear(visible, hidden);
    fc.weight.assign(weight);
    fc.bias.assign(hiddenBias);
    return fc;
  }

  private Tensor[] visibleStates() {
    return states(visible);
  }

  private Tensor[] hiddenStates() {
    return states(hidden);
  }

  /** Every binary vector of n bits, in chunks of at most 4096 rows. */
  private static Tensor[] states(int n) {
    int total = 1 << n;
    int chunk = Math.min(total, 4096);
    Tensor[] out = new Tensor[total / chunk];
    for (int c = 0; c < out.length; c++) {
      float[] s = new float[chunk * n];
      for (int r = 0; r < chunk; r++) {
        int code = c * chunk + r;
        for (int bit = 0; bit < n; bit++) {
          s[r * n + bit] = (code >> bit) & 1;
        }
      }
      out[c] = Tensor.wrap(s, chunk, n);
    }
    return out;
  }

  /** log Σ exp(−F) over the chunks, F of v or (with the roles swapped) of h. */
  private double logSumExp(Tensor[] chunks, boolean overVisible) {
    try (var g = Tensor.noGrad()) {
      float[][] negF = new float[chunks.length][];
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < chunks.length; c++) {
        Tensor s = chunks[c];
        Tensor f =
            overVisible
                ? freeEnergy(s)
                // F(h) = −cᵀh − Σ_i softplus(b_i + hᵀW_:i)
                : s.matmul(hiddenBias)
                    .add(softplus(s.matmul(weight).add(visibleBias)).sum(1, false))
                    .neg();
        negF[c] = f.neg().toFloatArray();
        for (float x : negF[c]) {
          max = Math.max(max, x);
        }
      }
      double sum = 0;
      for (float[] part : negF) {
        for (float x : part) {
          sum += Math.exp(x - max);
        }
      }
      return max + Math.log(sum);
    }
  }

  /** {@code softplus(x) = log(1 + eˣ) = max(x, 0) + log(1 + e^−|x|)}, stable for large |x|. */
  static Tensor softplus(Tensor x) {
    return x.relu().add(x.abs().neg().exp().add(1f).log());
  }

  private static double meanSquared(Tensor a, Tensor b) {
    float[] x = a.data();
    float[] y = b.data();
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double d = x[i] - y[i];
      s += d * d;
    }
    return s / x.length;
  }

  private void checkVisible(String op, Tensor v) {
    int[] s = v.shape();
    if (s.length != 2 || s[1] != visible) {
      throw new IllegalArgumentException(
          "Rbm."
              + op
              + ": need visible states [N, "
              + visible
              + "], got "
              + Arrays.toString(s)
              + (s.length > 2 ? " (flatten images first: x.reshape(N, -1))" : ""));
    }
  }

  @Override
  protected String extraRepr() {
    return "visible=" + visible + ", hidden=" + hidden;
  }
}
