package crema.optim;

import crema.backend.Parallel;
import crema.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2015), exactly PyTorch's {@code torch.optim.Adam} (1.13). With learning rate
 * γ, betas (β₁, β₂), ε, weight decay λ (added to the gradient, i.e. L2) and step t:
 *
 * <pre>
 *   g ← ∇θ + λ θ
 *   m ← β₁ m + (1 − β₁) g               v ← β₂ v + (1 − β₂) g²
 *   v̂ ← max(v̂, v)  (amsgrad, else v̂ = v)
 *   θ ← θ − γ / (1 − β₁ᵗ) · m / (√v̂ / √(1 − β₂ᵗ) + ε)
 * </pre>
 *
 * For decoupled weight decay use {@link AdamW}. Every 64 steps, moments too small to matter (below
 * about {@code 2e-35} for β₁ = 0.9) are set to 0 before they decay into the slow subnormal floats
 * ({@link Subnormals}); PyTorch keeps them.
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), 1e-3);
 * var opt = new Adam(model.parameters(), 1e-3).betas(0.9, 0.98).eps(1e-9);
 * }</pre>
 *
 * Options per group: {@code lr}, {@code beta1}, {@code beta2}, {@code eps}, {@code weight_decay}.
 */
public class Adam extends Optimizer {
  /** The fewest weights of a parameter whose update is shared by the cores. */
  private static final int SPLIT_MIN = 1 << 18;

  private final boolean decoupled;
  private boolean amsgrad;
  private final Map<Tensor, State> state = new IdentityHashMap<>();

  /** Per-parameter state: the moments and the step count. */
  private static final class State {
    final float[] m;
    final float[] v;
    float[] vMax;
    long step;

    State(int n) {
      m = new float[n];
      v = new float[n];
    }
  }

  /** Adam with betas (0.9, 0.999), eps 1e-8, no weight decay. */
  public Adam(Iterable<? extends Tensor> params, double lr) {
    this(single("Adam", params), lr, 0.9, 0.999, 1e-8, 0.0);
  }

  /** Adam with learning rate 1e-3. */
  public Adam(Iterable<? extends Tensor> params) {
    this(params, 1e-3);
  }

  /** Adam over parameter groups; {@code lr} is the default for groups that set none. */
  public Adam(List<ParamGroup> groups, double lr) {
    this(groups, lr, 0.9, 0.999, 1e-8, 0.0);
  }

  /** Every option, as PyTorch's constructor. */
  public Adam(
      List<ParamGroup> groups,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay) {
    this("Adam", false, groups, lr, beta1, beta2, eps, weightDecay);
  }

  /** For {@link AdamW}: {@code decoupled} applies the weight decay to θ directly. */
  // validate() only reads the groups' options, which the base constructor has already set; AdamW
  // adds no state that validate could see half-built.
  @SuppressWarnings("this-escape")
  Adam(
      String name,
      boolean decoupled,
      List<ParamGroup> groups,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay) {
    super(
        name,
        groups,
        options("lr", lr, "beta1", beta1, "beta2", beta2, "eps", eps, "weight_decay", weightDecay));
    this.decoupled = decoupled;
    validateAll();
  }

  /** Sets the default betas (β₁, β₂). */
  public Adam betas(double beta1, double beta2) {
    setOption("beta1", beta1);
    setOption("beta2", beta2);
    return this;
  }

  /** Sets the default ε. */
  public Adam eps(double eps) {
    setOption("eps", eps);
    return this;
  }

  /** Sets the default weight decay λ. */
  public Adam weightDecay(double weightDecay) {
    setOption("weight_decay", weightDecay);
    return this;
  }

  /** The AMSGrad variant: divide by the running maximum of v. */
  public Adam amsgrad(boolean amsgrad) {
    this.amsgrad = amsgrad;
    return this;
  }

  @Override
  protected void validate(ParamGroup g) {
    super.validate(g);
    requireAtLeast(g, "eps", 0);
    requireInRange(g, "beta1", 0, 1);
    requireInRange(g, "beta2", 0, 1);
    requireAtLeast(g, "weight_decay", 0);
  }

  @Override
  protected void update(ParamGroup group, Tensor p, float[] w, float[] g) {
    double lr = group.get("lr");
    double beta1 = group.get("beta1");
    double beta2 = group.get("beta2");
    float eps = (float) group.get("eps");
    double weightDecay = group.get("weight_decay");
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float oneMinusB1 = (float) (1 - beta1);
    float oneMinusB2 = (float) (1 - beta2);
    float wd = decoupled ? 0f : (float) weightDecay;
    float shrink = (float) (1 - lr * weightDecay); // AdamW only
    State s = state.get(p);
    if (s == null) {
      s = new State(w.length);
      state.put(p, s);
    }
    if (amsgrad && s.vMax == null) {
      s.vMax = new float[w.length];
    }
    s.step++;
    // The bias corrections in double, as PyTorch computes them in Python floats.
    double bias1 = 1 - Math.pow(beta1, s.step);
    float bias2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, s.step));
    float stepSize = (float) (lr / bias1);
    boolean decay = decoupled && weightDecay != 0;
    float[] m = s.m;
    float[] v = s.v;
    float[] vMax = s.vMax;
    Parallel.Range body =
        (from, to) -> {
          for (int i = from; i < to; i++) {
            if (decay) w[i] *= shrink;
            float gi = g[i] + wd * w[i];
            float mi = m[i] * b1 + oneMinusB1 * gi;
            float vi = v[i] * b2 + oneMinusB2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            if (vMax != null) {
              vi = Math.max(vMax[i], vi);
              vMax[i] = vi;
            }
            float denom = (float) Math.sqrt(vi) / bias2Sqrt + eps;
            w[i] -= stepSize * (mi / denom);
          }
        };
    // Each element on its own, so a large weight matrix is shared by the cores: the update reads
    // and writes seven floats per weight, and a second core adds memory bandwidth (the VAE's two
    // 784×400 matrices took a fifth of its step on one core; split, the VAE trained 7 % faster).
    // A smaller one stays on the calling thread, which reads all of it in the next forward pass:
    // split, the half the other core wrote had to cross over, and the MLP (784×128) trained 13 %
    // slower.
    if (w.length >= SPLIT_MIN) {
      Parallel.forElements(w.length, body);
    } else {
      body.run(0, w.length);
    }
    if (Subnormals.due(s.step)) {
      Subnormals.sweep(m, Subnormals.threshold(beta1));
      Subnormals.sweep(v, Subnormals.threshold(beta2));
    }
  }

  @Override
  protected void restoreState(Tensor p, Map<String, Tensor> st, String where) {
    if (st.isEmpty()) {
      state.remove(p);
      return;
    }
    State s = new State(p.numel());
    s.step = takeStep(st, where);
    System.arraycopy(take(st, "exp_avg", p, true, where), 0, s.m, 0, s.m.length);
    System.arraycopy(take(st, "exp_avg_sq", p, true, where), 0, s.v, 0, s.v.length);
    s.vMax = take(st, "max_exp_avg_sq", p, false, where);
    super.restoreState(p, st, where);
    state.put(p, s);
  }

  @Override
  protected void describeState(Tensor p, Map<String, Tensor> out) {
    State s = state.get(p);
    if (s != null) {
      out.put("step", Tensor.scalar(s.step));
      out.put("exp_avg", copyOf(s.m, p));
      out.put("exp_avg_sq", copyOf(s.v, p));
      if (s.vMax != null) {
        out.put("max_exp_avg_sq", copyOf(s.vMax, p));
      }
    }
  }

  @Override
  protected Map<String, Object> flags() {
    return Map.of("amsgrad", amsgrad);
  }
}
