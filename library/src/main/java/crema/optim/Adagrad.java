package crema.optim;

import crema.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adagrad (Duchi et al., 2011), exactly PyTorch's {@code torch.optim.Adagrad} (1.13). With learning
 * rate γ, learning-rate decay η, weight decay λ, ε and step t:
 *
 * <pre>
 *   g ← ∇θ + λ θ
 *   γₜ ← γ / (1 + (t − 1) η)
 *   s ← s + g²                     (s starts at initial_accumulator_value)
 *   θ ← θ − γₜ g / (√s + ε)
 * </pre>
 *
 * Each coordinate's step shrinks with the squared gradients it has seen: frequent features learn
 * slowly, rare ones fast.
 *
 * <pre>{@code
 * var opt = new Adagrad(model.parameters(), 1e-2);
 * }</pre>
 *
 * Options per group: {@code lr}, {@code lr_decay}, {@code weight_decay}, {@code
 * initial_accumulator_value}, {@code eps}.
 */
public final class Adagrad extends Optimizer {
  private final Map<Tensor, State> state = new IdentityHashMap<>();

  /** Per-parameter state. */
  private static final class State {
    final float[] sum;
    long step;

    State(int n, float init) {
      sum = new float[n];
      java.util.Arrays.fill(sum, init);
    }
  }

  /** Adagrad with no decay, accumulator starting at 0, ε 1e-10. */
  public Adagrad(Iterable<? extends Tensor> params, double lr) {
    this(single("Adagrad", params), lr, 0.0, 0.0, 0.0, 1e-10);
  }

  /** Adagrad over parameter groups; {@code lr} is the default for groups that set none. */
  public Adagrad(List<ParamGroup> groups, double lr) {
    this(groups, lr, 0.0, 0.0, 0.0, 1e-10);
  }

  /** Every option, as PyTorch's constructor. */
  public Adagrad(
      List<ParamGroup> groups,
      double lr,
      double lrDecay,
      double weightDecay,
      double initialAccumulatorValue,
      double eps) {
    super(
        "Adagrad",
        groups,
        options(
            "lr",
            lr,
            "lr_decay",
            lrDecay,
            "weight_decay",
            weightDecay,
            "initial_accumulator_value",
            initialAccumulatorValue,
            "eps",
            eps));
    validateAll();
  }

  /** Sets the default learning-rate decay η. */
  public Adagrad lrDecay(double lrDecay) {
    setOption("lr_decay", lrDecay);
    return this;
  }

  /** Sets the default weight decay λ. */
  public Adagrad weightDecay(double weightDecay) {
    setOption("weight_decay", weightDecay);
    return this;
  }

  @Override
  protected void validate(ParamGroup g) {
    super.validate(g);
    requireAtLeast(g, "lr_decay", 0);
    requireAtLeast(g, "weight_decay", 0);
    requireAtLeast(g, "initial_accumulator_value", 0);
    requireAtLeast(g, "eps", 0);
  }

  @Override
  protected void update(ParamGroup group, Tensor p, float[] w, float[] g) {
    double lr = group.get("lr");
    double lrDecay = group.get("lr_decay");
    float wd = (float) group.get("weight_decay");
    float eps = (float) group.get("eps");
    float init = (float) group.get("initial_accumulator_value");
    State s = state.get(p);
    if (s == null) {
      s = new State(w.length, init);
      state.put(p, s);
    }
    s.step++;
    float clr = (float) (lr / (1 + (s.step - 1) * lrDecay));
    float[] sum = s.sum;
    for (int i = 0; i < w.length; i++) {
      float gi = g[i] + wd * w[i];
      float si = sum[i] + gi * gi;
      sum[i] = si;
      w[i] -= clr * (gi / ((float) Math.sqrt(si) + eps));
    }
  }

  @Override
  protected void restoreState(Tensor p, Map<String, Tensor> st, String where) {
    if (st.isEmpty()) {
      state.remove(p);
      return;
    }
    State s = new State(p.numel(), 0f);
    s.step = takeStep(st, where);
    System.arraycopy(take(st, "sum", p, true, where), 0, s.sum, 0, s.sum.length);
    super.restoreState(p, st, where);
    state.put(p, s);
  }

  @Override
  protected void describeState(Tensor p, Map<String, Tensor> out) {
    State s = state.get(p);
    if (s != null) {
      out.put("step", Tensor.scalar(s.step));
      out.put("sum", copyOf(s.sum, p));
    }
  }
}
