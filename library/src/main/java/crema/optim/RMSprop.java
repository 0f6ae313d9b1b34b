package crema.optim;

import crema.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop (Hinton's lecture 6e), exactly PyTorch's {@code torch.optim.RMSprop} (1.13). With
 * learning rate γ, smoothing α, ε, weight decay λ and momentum μ:
 *
 * <pre>
 *   g ← ∇θ + λ θ
 *   s ← α s + (1 − α) g²
 *   a ← α a + (1 − α) g,   d ← √(s − a²) + ε        (centered)      or   d ← √s + ε
 *   b ← μ b + g / d,   θ ← θ − γ b                  (μ > 0)         or   θ ← θ − γ g / d
 * </pre>
 *
 * <pre>{@code
 * var opt = new RMSprop(model.parameters(), 1e-2);
 * var opt = new RMSprop(model.parameters(), 1e-3).alpha(0.9).momentum(0.9).centered(true);
 * }</pre>
 *
 * Options per group: {@code lr}, {@code alpha}, {@code eps}, {@code weight_decay}, {@code
 * momentum}.
 */
public final class RMSprop extends Optimizer {
  private boolean centered;
  private final Map<Tensor, State> state = new IdentityHashMap<>();

  /** Per-parameter state. */
  private static final class State {
    final float[] squareAvg;
    float[] gradAvg;
    float[] buf;
    long updates; // since the state was made, for the sweeps of subnormals

    State(int n) {
      squareAvg = new float[n];
    }
  }

  /** RMSprop with α 0.99, ε 1e-8, no momentum, not centered. */
  public RMSprop(Iterable<? extends Tensor> params, double lr) {
    this(single("RMSprop", params), lr, 0.99, 1e-8, 0.0, 0.0, false);
  }

  /** RMSprop over parameter groups; {@code lr} is the default for groups that set none. */
  public RMSprop(List<ParamGroup> groups, double lr) {
    this(groups, lr, 0.99, 1e-8, 0.0, 0.0, false);
  }

  /** Every option, as PyTorch's constructor. */
  public RMSprop(
      List<ParamGroup> groups,
      double lr,
      double alpha,
      double eps,
      double weightDecay,
      double momentum,
      boolean centered) {
    super(
        "RMSprop",
        groups,
        options(
            "lr",
            lr,
            "alpha",
            alpha,
            "eps",
            eps,
            "weight_decay",
            weightDecay,
            "momentum",
            momentum));
    this.centered = centered;
    validateAll();
  }

  /** Sets the default smoothing constant α. */
  public RMSprop alpha(double alpha) {
    setOption("alpha", alpha);
    return this;
  }

  /** Sets the default ε. */
  public RMSprop eps(double eps) {
    setOption("eps", eps);
    return this;
  }

  /** Sets the default weight decay λ. */
  public RMSprop weightDecay(double weightDecay) {
    setOption("weight_decay", weightDecay);
    return this;
  }

  /** Sets the default momentum μ. */
  public RMSprop momentum(double momentum) {
    setOption("momentum", momentum);
    return this;
  }

  /** Centered RMSprop: normalise by an estimate of the gradient's variance. */
  public RMSprop centered(boolean centered) {
    this.centered = centered;
    return this;
  }

  @Override
  protected void validate(ParamGroup g) {
    super.validate(g);
    requireAtLeast(g, "alpha", 0);
    requireAtLeast(g, "eps", 0);
    requireAtLeast(g, "weight_decay", 0);
    requireAtLeast(g, "momentum", 0);
  }

  @Override
  protected void update(ParamGroup group, Tensor p, float[] w, float[] g) {
    float lr = (float) group.get("lr");
    float alpha = (float) group.get("alpha");
    float oneMinusAlpha = (float) (1 - group.get("alpha"));
    float eps = (float) group.get("eps");
    float wd = (float) group.get("weight_decay");
    float momentum = (float) group.get("momentum");
    State s = state.get(p);
    if (s == null) {
      s = new State(w.length);
      state.put(p, s);
    }
    if (centered && s.gradAvg == null) {
      s.gradAvg = new float[w.length];
    }
    if (momentum > 0 && s.buf == null) {
      s.buf = new float[w.length];
    }
    float[] sq = s.squareAvg;
    float[] ga = centered ? s.gradAvg : null;
    float[] buf = momentum > 0 ? s.buf : null;
    for (int i = 0; i < w.length; i++) {
      float gi = g[i] + wd * w[i];
      float si = sq[i] * alpha + oneMinusAlpha * gi * gi;
      sq[i] = si;
      float avg;
      if (ga != null) {
        float ai = ga[i] * alpha + oneMinusAlpha * gi;
        ga[i] = ai;
        avg = (float) Math.sqrt(si - ai * ai) + eps;
      } else {
        avg = (float) Math.sqrt(si) + eps;
      }
      if (buf != null) {
        float b = buf[i] * momentum + gi / avg;
        buf[i] = b;
        w[i] -= lr * b;
      } else {
        w[i] -= lr * (gi / avg);
      }
    }
    // The averages of a gradient that stays 0 decay by α, the buffer by the momentum, each step.
    if (Subnormals.due(++s.updates)) {
      Subnormals.sweep(sq, Subnormals.threshold(alpha));
      if (ga != null) {
        Subnormals.sweep(ga, Subnormals.threshold(alpha));
      }
      if (buf != null) {
        Subnormals.sweep(buf, Subnormals.threshold(momentum));
      }
    }
  }

  @Override
  protected void restoreState(Tensor p, Map<String, Tensor> st, String where) {
    if (st.isEmpty()) {
      state.remove(p);
      return;
    }
    State s = new State(p.numel());
    System.arraycopy(take(st, "square_avg", p, true, where), 0, s.squareAvg, 0, s.squareAvg.length);
    s.gradAvg = take(st, "grad_avg", p, false, where);
    s.buf = take(st, "momentum_buffer", p, false, where);
    super.restoreState(p, st, where);
    state.put(p, s);
  }

  @Override
  protected void describeState(Tensor p, Map<String, Tensor> out) {
    State s = state.get(p);
    if (s != null) {
      out.put("square_avg", copyOf(s.squareAvg, p));
      if (s.gradAvg != null) {
        out.put("grad_avg", copyOf(s.gradAvg, p));
      }
      if (s.buf != null) {
        out.put("momentum_buffer", copyOf(s.buf, p));
      }
    }
  }

  @Override
  protected Map<String, Object> flags() {
    return Map.of("centered", centered);
  }
}
