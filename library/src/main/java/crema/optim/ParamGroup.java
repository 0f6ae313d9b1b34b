package crema.optim;

import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A group of parameters with its own hyper-parameters, like an entry of PyTorch's {@code
 * optimizer.param_groups}. Options not set on the group take the optimizer's defaults when the
 * group is added.
 *
 * <p>Typical use: fine-tuning with a small learning rate for a pre-trained backbone and a larger
 * one for a new head.
 *
 * <pre>{@code
 * var opt = new SGD(List.of(
 *         ParamGroup.of(backbone.parameters()).lr(1e-4),
 *         ParamGroup.of(head.parameters())),          // takes the default lr below
 *     1e-2);
 * }</pre>
 */
public final class ParamGroup {
  private final List<Tensor> params;
  private final Map<String, Double> options = new LinkedHashMap<>();
  private final Set<String> explicit = new HashSet<>();

  private ParamGroup(List<Tensor> params) {
    this.params = Collections.unmodifiableList(params);
  }

  /** A group of the given tensors (usually a module's {@code parameters()}). */
  public static ParamGroup of(Iterable<? extends Tensor> params) {
    if (params == null) {
      throw new IllegalArgumentException("ParamGroup: params are null");
    }
    List<Tensor> list = new ArrayList<>();
    for (Tensor p : params) {
      if (p == null) {
        throw new IllegalArgumentException("ParamGroup: parameter " + list.size() + " is null");
      }
      list.add(p);
    }
    return new ParamGroup(list);
  }

  /** Sets an option of this group, e.g. {@code set("weight_decay", 0.01)}. PyTorch's key names. */
  public ParamGroup set(String key, double value) {
    options.put(key, value);
    explicit.add(key);
    return this;
  }

  /** Sets this group's learning rate. */
  public ParamGroup lr(double lr) {
    return set("lr", lr);
  }

  /** This group's learning rate. */
  public double lr() {
    return get("lr");
  }

  /** The value of an option; a clear error when the group has no such option. */
  public double get(String key) {
    Double v = options.get(key);
    if (v == null) {
      throw new IllegalArgumentException(
          "ParamGroup has no option '" + key + "'; it has " + options.keySet());
    }
    return v;
  }

  public boolean has(String key) {
    return options.containsKey(key);
  }

  /** The tensors of this group (unmodifiable). */
  public List<Tensor> params() {
    return params;
  }

  /** The options, in insertion order (unmodifiable view). */
  public Map<String, Double> options() {
    return Collections.unmodifiableMap(options);
  }

  /** PyTorch's {@code group.setdefault(key, value)}. */
  void setDefault(String key, double value) {
    options.putIfAbsent(key, value);
  }

  /** Changes an option the user did not set on this group explicitly. */
  void setIfNotExplicit(String key, double value) {
    if (!explicit.contains(key)) {
      options.put(key, value);
    }
  }

  /** The number of scalar values in this group's tensors. */
  public long numel() {
    long n = 0;
    for (Tensor p : params) {
      n += p.numel();
    }
    return n;
  }

  @Override
  public String toString() {
    return "ParamGroup(" + params.size() + " tensors, " + numel() + " values, " + options + ")";
  }
}
