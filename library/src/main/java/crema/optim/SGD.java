package crema.optim;

import crema.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, exactly PyTorch's {@code torch.optim.SGD} (1.13). With
 * learning rate γ, weight decay λ, momentum μ and dampening τ:
 *
 * <pre>
 *   g ← ∇θ + λ θ
 *   b ← g                        (first step)
 *   b ← μ b + (1 − τ) g          (later steps)          only when μ ≠ 0
 *   g ← g + μ b   (nesterov)     or   g ← b
 *   θ ← θ − γ g
 * </pre>
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), 0.01);                        // plain SGD
 * var opt = new SGD(model.parameters(), 0.01, 0.9).nesterov(true);   // Nesterov momentum
 * var opt = new SGD(model.parameters(), 0.1).weightDecay(5e-4);       // L2 regularisation
 * }</pre>
 *
 * Options per group: {@code lr}, {@code momentum}, {@code dampening}, {@code weight_decay}.
 */
public final class SGD extends Optimizer {
  private boolean nesterov;
  private final Map<Tensor, Momentum> momentumBuffers = new IdentityHashMap<>();

  /** A parameter's momentum buffer, and its updates since the last sweep of subnormals. */
  private static final class Momentum {
    final float[] buf;
    long updates;

    Momentum(float[] buf) {
      this.buf = buf;
    }
  }

  /** Plain SGD: {@code θ ← θ − lr ∇θ}. */
  public SGD(Iterable<? extends Tensor> params, double lr) {
    this(params, lr, 0.0);
  }

  /** SGD with (heavy-ball) momentum. */
  public SGD(Iterable<? extends Tensor> params, double lr, double momentum) {
    this(single("SGD", params), lr, momentum, 0.0, 0.0, false);
  }

  /** SGD over parameter groups; {@code lr} is the default for groups that set none. */
  public SGD(List<ParamGroup> groups, double lr) {
    this(groups, lr, 0.0, 0.0, 0.0, false);
  }

  /** Every option, as PyTorch's constructor. */
  public SGD(
      List<ParamGroup> groups,
      double lr,
      double momentum,
      double dampening,
      double weightDecay,
      boolean nesterov) {
    super(
        "SGD",
        groups,
        options(
            "lr", lr, "momentum", momentum, "dampening", dampening, "weight_decay", weightDecay));
    nesterov(nesterov);
    validateAll();
  }

  /** Sets the default momentum μ (and every group's that did not set its own). */
  public SGD momentum(double momentum) {
    setOption("momentum", momentum);
    return this;
  }

  /** Sets the default dampening τ. */
  public SGD dampening(double dampening) {
    setOption("dampening", dampening);
    return this;
  }

  /** Sets the default weight decay λ (L2 penalty λ/2·‖θ‖²). */
  public SGD weightDecay(double weightDecay) {
    setOption("weight_decay", weightDecay);
    return this;
  }

  /** Nesterov momentum: needs momentum > 0 and dampening 0, as in PyTorch. */
  public SGD nesterov(boolean nesterov) {
    this.nesterov = nesterov;
    for (ParamGroup g : paramGroups()) {
      validate(g);
    }
    return this;
  }

  @Override
  protected void validate(ParamGroup g) {
    super.validate(g);
    requireAtLeast(g, "momentum", 0);
    requireAtLeast(g, "weight_decay", 0);
    if (nesterov && (g.get("momentum") <= 0 || g.get("dampening") != 0)) {
      throw new IllegalArgumentException(
          "SGD: Nesterov momentum requires a momentum > 0 and zero dampening, got momentum "
              + g.get("momentum")
              + ", dampening "
              + g.get("dampening"));
    }
  }

  @Override
  protected void update(ParamGroup group, Tensor p, float[] w, float[] g) {
    float lr = (float) group.get("lr");
    float momentum = (float) group.get("momentum");
    float keep = (float) (1 - group.get("dampening"));
    float wd = (float) group.get("weight_decay");
    if (momentum == 0) {
      for (int i = 0; i < w.length; i++) {
        w[i] -= lr * (g[i] + wd * w[i]);
      }
      return;
    }
    Momentum state = momentumBuffers.get(p);
    boolean first = state == null;
    if (first) {
      state = new Momentum(new float[w.length]);
      momentumBuffers.put(p, state);
    }
    float[] buf = state.buf;
    for (int i = 0; i < w.length; i++) {
      float d = g[i] + wd * w[i];
      float b = first ? d : momentum * buf[i] + keep * d;
      buf[i] = b;
      w[i] -= lr * (nesterov ? d + momentum * b : b);
    }
    // A buffer whose gradient stays 0 decays by the momentum each step, into the subnormals.
    if (Subnormals.due(++state.updates)) {
      Subnormals.sweep(buf, Subnormals.threshold(momentum));
    }
  }

  @Override
  protected void restoreState(Tensor p, Map<String, Tensor> state, String where) {
    float[] b = take(state, "momentum_buffer", p, false, where);
    if (b != null) {
      momentumBuffers.put(p, new Momentum(b));
    } else {
      momentumBuffers.remove(p);
    }
    super.restoreState(p, state, where);
  }

  @Override
  protected void describeState(Tensor p, Map<String, Tensor> out) {
    Momentum b = momentumBuffers.get(p);
    if (b != null) {
      out.put("momentum_buffer", copyOf(b.buf, p));
    }
  }

  @Override
  protected Map<String, Object> flags() {
    return Map.of("nesterov", nesterov);
  }
}
