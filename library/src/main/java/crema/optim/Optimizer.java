package crema.optim;

import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The base of every optimizer, like {@code torch.optim.Optimizer}: holds parameter groups with
 * their hyper-parameters, clears gradients with {@link #zeroGrad()} and updates parameters in place
 * with {@link #step()}.
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), 1e-3);
 * for (var batch : loader) {
 *   opt.zeroGrad();
 *   lossFn.forward(model.forward(batch.x()), batch.y()).backward();
 *   opt.step();
 * }
 * }</pre>
 *
 * <p>{@link #step()} walks the groups and their parameters; subclasses implement {@link #update}
 * for one parameter as a tight loop over its {@code data()} array, with per-parameter state
 * allocated on the first step only, so a training step allocates nothing here. Parameters whose
 * gradient is null (frozen, or unused in this step) are skipped, as in PyTorch.
 */
public abstract class Optimizer {
  private final String name;
  private final Map<String, Double> defaults;
  private final List<ParamGroup> groups = new ArrayList<>();
  private final Map<Tensor, Boolean> seen = new IdentityHashMap<>();
  // The update is this package's own (not a participant's subclass): see gradHandedOut.
  private final boolean ownUpdate = getClass().getPackage() == Optimizer.class.getPackage();

  /**
   * @param name the optimizer's name, for messages
   * @param groups the parameter groups (options they set override the defaults)
   * @param defaults every option this optimizer knows, with its default value; {@code lr} first
   */
  protected Optimizer(String name, List<ParamGroup> groups, Map<String, Double> defaults) {
    this.name = name;
    this.defaults = new LinkedHashMap<>(defaults);
    if (groups == null || groups.isEmpty()) {
      throw new IllegalArgumentException(name + ": got an empty parameter list");
    }
    for (ParamGroup g : groups) {
      register(g);
    }
  }

  /**
   * Validates every group's options; each concrete optimizer calls this at the end of its
   * constructor, once its own fields are set (the base constructor cannot call the overridable
   * {@link #validate} safely).
   */
  protected final void validateAll() {
    for (ParamGroup g : groups) {
      validate(g);
    }
  }

  /** One group holding all {@code params}. */
  protected static List<ParamGroup> single(String name, Iterable<? extends Tensor> params) {
    if (params == null) {
      throw new IllegalArgumentException(name + ": params are null");
    }
    ParamGroup g = ParamGroup.of(params);
    if (g.params().isEmpty()) {
      throw new IllegalArgumentException(name + ": got an empty parameter list");
    }
    return List.of(g);
  }

  /** An ordered map of option defaults: {@code options("lr", 0.01, "momentum", 0.0)}. */
  protected static Map<String, Double> options(Object... keyValues) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], ((Number) keyValues[i + 1]).doubleValue());
    }
    return m;
  }

  /**
   * Adds a group (as PyTorch's {@code add_param_group}, e.g. to unfreeze layers during
   * fine-tuning). Missing options take the defaults; unknown options and tensors that are already
   * in another group are errors.
   */
  public final void addParamGroup(ParamGroup group) {
    register(group);
    validate(group);
  }

  private void register(ParamGroup group) {
    for (String key : group.options().keySet()) {
      if (!defaults.containsKey(key) && !key.equals("initial_lr")) {
        throw new IllegalArgumentException(
            name + ": unknown option '" + key + "'; known options are " + defaults.keySet());
      }
    }
    for (Tensor p : group.params()) {
      if (seen.containsKey(p)) {
        throw new IllegalArgumentException(
            name
                + ": a parameter "
                + java.util.Arrays.toString(p.shape())
                + " appears in more than one parameter group");
      }
    }
    for (Map.Entry<String, Double> e : defaults.entrySet()) {
      group.setDefault(e.getKey(), e.getValue());
    }
    for (Tensor p : group.params()) {
      seen.put(p, Boolean.TRUE);
    }
    groups.add(group);
  }

  /** Checks a group's options; throws {@link IllegalArgumentException} naming the bad one. */
  protected void validate(ParamGroup group) {
    requireAtLeast(group, "lr", 0);
  }

  /** {@code group.get(key) >= min}, else a clear error. */
  protected final void requireAtLeast(ParamGroup group, String key, double min) {
    double v = group.get(key);
    if (!(v >= min)) {
      throw new IllegalArgumentException(
          name + ": invalid " + key + " " + v + " (must be at least " + min + ")");
    }
  }

  /** {@code min <= group.get(key) < max}, else a clear error. */
  protected final void requireInRange(ParamGroup group, String key, double min, double max) {
    double v = group.get(key);
    if (!(v >= min && v < max)) {
      throw new IllegalArgumentException(
          name + ": invalid " + key + " " + v + " (must be in [" + min + ", " + max + "))");
    }
  }

  /**
   * Changes a default after construction, and the option of every group that did not set it itself.
   * Subclasses expose it through fluent setters such as {@code momentum(0.9)}.
   */
  protected final void setOption(String key, double value) {
    if (!defaults.containsKey(key)) {
      throw new IllegalArgumentException(name + ": unknown option '" + key + "'");
    }
    defaults.put(key, value);
    for (ParamGroup g : groups) {
      g.setIfNotExplicit(key, value);
      validate(g);
    }
  }

  /** Sets every parameter's gradient to null (PyTorch's {@code set_to_none=True} default). */
  public void zeroGrad() {
    for (ParamGroup g : groups) {
      for (Tensor p : g.params()) {
        p.zeroGrad();
      }
    }
  }

  /**
   * With {@code setToNone} false, fills existing gradients with zeros instead of dropping them
   * (PyTorch's {@code zero_grad(set_to_none=False)}), e.g. to keep looking at them.
   */
  public void zeroGrad(boolean setToNone) {
    if (setToNone) {
      zeroGrad();
      return;
    }
    for (ParamGroup group : groups) {
      for (Tensor p : group.params()) {
        float[] g = p.gradValues();
        if (g != null) {
          Arrays.fill(g, 0f);
        }
      }
    }
  }

  /**
   * Performs one update of every parameter that has a gradient: {@link #update} for each, group by
   * group. An optimizer written elsewhere may override this instead of {@link #update}.
   */
  public void step() {
    for (ParamGroup group : groups) {
      for (Tensor p : group.params()) {
        float[] g = ownUpdate ? p.gradValues() : gradHandedOut(p);
        if (g != null) {
          update(group, p, p.data(), g);
        }
      }
    }
  }

  /**
   * An update written outside this package might keep the array it is given (as a previous
   * gradient, say), so it is handed the gradient itself, which then stays its own; this package's
   * updates read it during the call only, which lets {@link #zeroGrad()} recycle it.
   */
  private static float[] gradHandedOut(Tensor p) {
    Tensor grad = p.grad();
    return grad == null ? null : grad.data();
  }

  /**
   * Updates one parameter in place: {@code w} are its values, {@code g} its gradient, {@code group}
   * holds its options ({@code lr}, ...). The optimizers of this package implement this; one that
   * overrides {@link #step()} does not need to.
   */
  protected void update(ParamGroup group, Tensor p, float[] w, float[] g) {
    throw new UnsupportedOperationException(name + ": override update(...) or step()");
  }

  /** The parameter groups (unmodifiable list; the groups' options can be changed). */
  public List<ParamGroup> paramGroups() {
    return Collections.unmodifiableList(groups);
  }

  /** The learning rate of the first group. */
  public double lr() {
    return groups.get(0).lr();
  }

  /** Sets the learning rate of every group. Schedulers set each group's own. */
  public void setLr(double lr) {
    for (ParamGroup g : groups) {
      g.lr(lr);
      validate(g);
    }
  }

  /**
   * The state this optimizer keeps for parameter {@code p}, under PyTorch's names (e.g. {@code
   * exp_avg}, {@code exp_avg_sq}, {@code step} for Adam), as copies; empty before its first step.
   * Useful to look inside an optimizer while teaching.
   *
   * <pre>{@code
   * Tensor m = adam.state(layer.weight).get("exp_avg");   // Adam's first moment, shape of weight
   * }</pre>
   */
  public final Map<String, Tensor> state(Tensor p) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    describeState(p, out);
    return out;
  }

  /** Puts copies of {@code p}'s state into {@code out}; nothing when there is none. */
  protected void describeState(Tensor p, Map<String, Tensor> out) {}

  /**
   * Restores {@code p}'s state from {@code state} (the entries {@link #describeState} writes);
   * throws {@link IllegalArgumentException} naming a missing, unknown or misshapen entry.
   */
  protected void restoreState(Tensor p, Map<String, Tensor> state, String where) {
    if (!state.isEmpty()) {
      throw new IllegalArgumentException(
          name + ".loadStateDict: " + where + " has unexpected state " + state.keySet());
    }
  }

  /**
   * The optimizer's full state, to resume training later, like PyTorch's {@code state_dict()}:
   * {@code state.<i>.<name>} for parameter i (numbered across the groups in order) and {@code
   * param_groups.<g>.<option>} for each group's options. Options are doubles, stored exactly as
   * three floats {@code [hi, mid, lo]} with value {@code hi + mid + lo}, because tensors are
   * float32. Save it with {@code Safetensors.write} beside the model's {@code stateDict()}.
   */
  public final Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    List<Tensor> params = allParams();
    for (int i = 0; i < params.size(); i++) {
      for (Map.Entry<String, Tensor> e : state(params.get(i)).entrySet()) {
        out.put("state." + i + "." + e.getKey(), e.getValue());
      }
    }
    for (int g = 0; g < groups.size(); g++) {
      for (Map.Entry<String, Double> e : groups.get(g).options().entrySet()) {
        double v = e.getValue();
        // three floats carry a double's 53 significant bits exactly: v = hi + mid + lo
        float hi = (float) v;
        float mid = (float) (v - hi);
        float lo = (float) (v - hi - mid);
        out.put("param_groups." + g + "." + e.getKey(), Tensor.of(new float[] {hi, mid, lo}, 3));
      }
    }
    return out;
  }

  /**
   * Restores a {@link #stateDict()} into this optimizer, which must hold parameters of the same
   * shapes in the same groups (build it the same way, over the restored model). Unknown keys,
   * missing entries and shape mismatches are errors naming the key.
   */
  public final void loadStateDict(Map<String, ? extends Tensor> stateDict) {
    List<Tensor> params = allParams();
    List<Map<String, Tensor>> perParam = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      perParam.add(new LinkedHashMap<>());
    }
    Map<Integer, Map<String, Double>> groupOptions = new LinkedHashMap<>();
    for (Map.Entry<String, ? extends Tensor> e : stateDict.entrySet()) {
      String key = e.getKey();
      String[] parts = key.split("\\.", 3);
      int index = -1;
      if (parts.length == 3) {
        try {
          index = Integer.parseInt(parts[1]);
        } catch (NumberFormatException ignored) {
          index = -1;
        }
      }
      if (parts.length == 3 && parts[0].equals("state") && index >= 0 && index < params.size()) {
        perParam.get(index).put(parts[2], e.getValue());
      } else if (parts.length == 3
          && parts[0].equals("param_groups")
          && index >= 0
          && index < groups.size()
          && e.getValue().numel() == 3) {
        float[] v = e.getValue().data();
        groupOptions
            .computeIfAbsent(index, k -> new LinkedHashMap<>())
            .put(parts[2], (double) v[0] + v[1] + v[2]);
      } else {
        throw new IllegalArgumentException(
            name
                + ".loadStateDict: unexpected key '"
                + key
                + "' (this optimizer has "
                + params.size()
                + " parameters in "
                + groups.size()
                + " groups)");
      }
    }
    for (int i = 0; i < params.size(); i++) {
      restoreState(params.get(i), perParam.get(i), "parameter " + i);
    }
    for (Map.Entry<Integer, Map<String, Double>> e : groupOptions.entrySet()) {
      ParamGroup g = groups.get(e.getKey());
      for (Map.Entry<String, Double> o : e.getValue().entrySet()) {
        if (!defaults.containsKey(o.getKey()) && !o.getKey().equals("initial_lr")) {
          throw new IllegalArgumentException(
              name + ".loadStateDict: unknown option '" + o.getKey() + "' for group " + e.getKey());
        }
        g.set(o.getKey(), o.getValue());
      }
      validate(g);
    }
  }

  /** Every parameter, group by group: the numbering of {@link #stateDict()}. */
  private List<Tensor> allParams() {
    List<Tensor> all = new ArrayList<>();
    for (ParamGroup g : groups) {
      all.addAll(g.params());
    }
    return all;
  }

  /**
   * Takes entry {@code key} out of {@code state} as a copy of its values, checking it has {@code
   * p}'s shape; null when absent and not {@code required}.
   */
  protected final float[] take(
      Map<String, Tensor> state, String key, Tensor p, boolean required, String where) {
    Tensor t = state.remove(key);
    if (t == null) {
      if (required) {
        throw new IllegalArgumentException(
            name + ".loadStateDict: " + where + " lacks state '" + key + "'");
      }
      return null;
    }
    if (!java.util.Arrays.equals(t.shape(), p.shape())) {
      throw new IllegalArgumentException(
          name
              + ".loadStateDict: state '"
              + key
              + "' of "
              + where
              + " has shape "
              + java.util.Arrays.toString(t.shape())
              + " but the parameter is "
              + java.util.Arrays.toString(p.shape()));
    }
    return t.toFloatArray();
  }

  /** Takes a scalar entry (a step count) out of {@code state}. */
  protected final long takeStep(Map<String, Tensor> state, String where) {
    Tensor t = state.remove("step");
    if (t == null || t.numel() != 1) {
      throw new IllegalArgumentException(
          name + ".loadStateDict: " + where + " lacks a scalar 'step'");
    }
    return (long) t.item();
  }

  /** A copy of a state array in the parameter's shape, for {@link #describeState}. */
  protected static Tensor copyOf(float[] values, Tensor p) {
    return Tensor.of(values, p.shape());
  }

  /** The optimizer's name, e.g. {@code "Adam"}. */
  public String name() {
    return name;
  }

  /** Extra, optimizer-wide flags for {@code toString} (e.g. {@code nesterov: true}). */
  protected Map<String, Object> flags() {
    return Map.of();
  }

  /** Like PyTorch's: the name and each group's options. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append(" (\n");
    for (int i = 0; i < groups.size(); i++) {
      ParamGroup g = groups.get(i);
      sb.append("Parameter Group ").append(i).append(" (").append(g.params().size());
      sb.append(g.params().size() == 1 ? " tensor, " : " tensors, ");
      sb.append(g.numel()).append(" values)\n");
      for (Map.Entry<String, Double> e : g.options().entrySet()) {
        sb.append("    ").append(e.getKey()).append(": ").append(format(e.getValue())).append('\n');
      }
      for (Map.Entry<String, Object> e : flags().entrySet()) {
        sb.append("    ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
      }
    }
    return sb.append(')').toString();
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%s", v);
  }
}
