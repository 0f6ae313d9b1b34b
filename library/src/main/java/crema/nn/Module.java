package crema.nn;

import crema.tensor.NoGrad;
import crema.tensor.Tensor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The base class of every layer and model, PyTorch's {@code nn.Module}.
 *
 * <p>A subclass declares its parts as fields and implements {@link #forward(Tensor)}. The module
 * finds the parts by reflection, in declaration order (superclass fields first):
 *
 * <ul>
 *   <li>a {@link Parameter} field is a learnable parameter;
 *   <li>a {@code Tensor} field annotated {@link Buffer @Buffer} is a buffer (saved, not learned);
 *   <li>a {@code Module} field is a child module; a {@code List} or array of modules (or of
 *       parameters) gives children (parameters) named {@code field.0}, {@code field.1}, ...
 * </ul>
 *
 * A {@code null} field is skipped (a {@code Linear} without bias has no {@code bias} key), as are
 * static, transient and other tensor fields. Field names become PyTorch's snake_case state-dict
 * names: {@code runningMean} is saved as {@code running_mean}, {@code weightIhL0} as {@code
 * weight_ih_l0}, so that a model written the same way in both languages has the same keys. Parts
 * can also be registered by name with {@link #registerModule}, {@link #registerParameter} and
 * {@link #registerBuffer}; they come after the fields.
 *
 * <pre>{@code
 * class Mlp extends Module {
 *   final Linear fc1 = new Linear(784, 128);
 *   final Linear fc2 = new Linear(128, 10);
 *   public Tensor forward(Tensor x) { return fc2.forward(fc1.forward(x).relu()); }
 * }
 * var model = new Mlp();
 * model.stateDict().keySet();   // [fc1.weight, fc1.bias, fc2.weight, fc2.bias]
 * model.numParameters();        // 101770
 * }</pre>
 *
 * <p>The state dict holds the module's own tensors (like PyTorch's, which shares storage): copy it
 * if you want a snapshot that later training does not change.
 */
public abstract class Module {
  private boolean training = true;
  private final Map<String, Module> registeredModules = new LinkedHashMap<>();
  private final Map<String, Parameter> registeredParameters = new LinkedHashMap<>();
  private final Map<String, Tensor> registeredBuffers = new LinkedHashMap<>();

  /** Computes this module's output. */
  public abstract Tensor forward(Tensor x);

  // ------------------------------------------------------------------ registration

  /**
   * Adds a child module under {@code name} (PyTorch's {@code add_module}); replaces the child of
   * the same name, keeping its position. Returns the module, for {@code var fc =
   * registerModule(..)}.
   */
  protected final <M extends Module> M registerModule(String name, M module) {
    checkName(name);
    registeredModules.put(name, module);
    return module;
  }

  /** Adds a parameter under {@code name} (PyTorch's {@code register_parameter}). */
  protected final Parameter registerParameter(String name, Parameter parameter) {
    checkName(name);
    registeredParameters.put(name, parameter);
    return parameter;
  }

  /** Adds a persistent buffer under {@code name} (PyTorch's {@code register_buffer}). */
  protected final Tensor registerBuffer(String name, Tensor buffer) {
    checkName(name);
    registeredBuffers.put(name, buffer);
    return buffer;
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty() || name.contains(".")) {
      throw new IllegalArgumentException(
          "module part name must be non-empty and contain no '.', got '" + name + "'");
    }
  }

  // ------------------------------------------------------------------ own parts

  /**
   * This module's direct children by name, in registration order. Containers override it to name
   * children by index.
   */
  protected Map<String, Module> directChildren() {
    var out = new LinkedHashMap<String, Module>();
    for (var part : ModuleFields.of(this)) {
      if (part.value() instanceof Module m) out.put(part.name(), m);
    }
    out.putAll(registeredModules);
    return out;
  }

  private Map<String, Parameter> directParameters() {
    var out = new LinkedHashMap<String, Parameter>();
    for (var part : ModuleFields.of(this)) {
      if (part.value() instanceof Parameter p) out.put(part.name(), p);
    }
    out.putAll(registeredParameters);
    return out;
  }

  private Map<String, Tensor> directBuffers(boolean persistentOnly) {
    var out = new LinkedHashMap<String, Tensor>();
    for (var part : ModuleFields.of(this)) {
      if (part.buffer() != null
          && part.value() instanceof Tensor t
          && !(t instanceof Parameter)
          && (part.buffer().persistent() || !persistentOnly)) {
        out.put(part.name(), t);
      }
    }
    out.putAll(registeredBuffers);
    return out;
  }

  // ------------------------------------------------------------------ traversal

  /** The direct children, in order (PyTorch's {@code children()}). */
  public final List<Module> children() {
    return List.copyOf(directChildren().values());
  }

  /** The direct children by name, in order (PyTorch's {@code named_children()}). */
  public final Map<String, Module> namedChildren() {
    return Collections.unmodifiableMap(directChildren());
  }

  /**
   * This module and all modules below it, depth first, each once, by dotted name ({@code ""} for
   * this module). PyTorch's {@code named_modules()}.
   */
  public final Map<String, Module> namedModules() {
    var out = new LinkedHashMap<String, Module>();
    collectModules("", this, out, Collections.newSetFromMap(new IdentityHashMap<>()));
    return out;
  }

  private static void collectModules(
      String prefix, Module m, Map<String, Module> out, Set<Module> seen) {
    if (!seen.add(m)) return;
    out.put(prefix, m);
    for (var c : m.directChildren().entrySet()) {
      collectModules(join(prefix, c.getKey()), c.getValue(), out, seen);
    }
  }

  /** This module and all modules below it (PyTorch's {@code modules()}). */
  public final List<Module> modules() {
    return List.copyOf(namedModules().values());
  }

  /**
   * The module at a dotted path, e.g. {@code model.get("features.0")} (PyTorch's {@code
   * get_submodule}).
   *
   * @throws IllegalArgumentException naming the missing part and what exists there
   */
  public final Module get(String path) {
    Module m = this;
    if (path.isEmpty()) return m;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length; i++) {
      Map<String, Module> kids = m.directChildren();
      String part = parts[i];
      Module next = kids.get(part);
      // Children of a List field are named "field.i": take two path parts at once for them.
      if (next == null && i + 1 < parts.length && kids.containsKey(part + "." + parts[i + 1])) {
        next = kids.get(part + "." + parts[++i]);
      }
      if (next == null) {
        throw new IllegalArgumentException(
            m.getClass().getSimpleName()
                + " has no submodule '"
                + part
                + "' (in path '"
                + path
                + "'); its children are "
                + kids.keySet());
      }
      m = next;
    }
    return m;
  }

  /**
   * Every parameter by dotted name, each tensor once (PyTorch's {@code named_parameters()}). Frozen
   * parameters are included; their {@code requiresGrad()} is false.
   */
  public final Map<String, Parameter> namedParameters() {
    var out = new LinkedHashMap<String, Parameter>();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (var m : namedModules().entrySet()) {
      for (var p : m.getValue().directParameters().entrySet()) {
        if (seen.add(p.getValue())) out.put(join(m.getKey(), p.getKey()), p.getValue());
      }
    }
    return out;
  }

  /** Every parameter, each once, in state-dict order: what an optimizer is given. */
  public final List<Parameter> parameters() {
    return List.copyOf(namedParameters().values());
  }

  /**
   * Every persistent and non-persistent buffer by dotted name (PyTorch's {@code named_buffers}).
   */
  public final Map<String, Tensor> namedBuffers() {
    var out = new LinkedHashMap<String, Tensor>();
    for (var m : namedModules().entrySet()) {
      for (var b : m.getValue().directBuffers(false).entrySet()) {
        out.put(join(m.getKey(), b.getKey()), b.getValue());
      }
    }
    return out;
  }

  /** Total number of parameter values (each shared tensor counted once). */
  public final long numParameters() {
    long n = 0;
    for (Parameter p : parameters()) n += p.numel();
    return n;
  }

  /** Number of parameter values that are not frozen. */
  public final long numTrainableParameters() {
    long n = 0;
    for (Parameter p : parameters()) if (p.requiresGrad()) n += p.numel();
    return n;
  }

  /** Calls {@code fn} on every child (recursively) and then on this module, as PyTorch's apply. */
  public final Module apply(Consumer<Module> fn) {
    for (Module c : children()) c.apply(fn);
    fn.accept(this);
    return this;
  }

  // ------------------------------------------------------------------ state dict

  /**
   * Every parameter and persistent buffer by dotted name, in PyTorch's order: a module's own
   * parameters, then its own buffers, then each child's entries, recursively. Keys match PyTorch's
   * {@code state_dict()} for the same architecture ({@code "0.weight"}, {@code
   * "features.3.running_mean"}, ...). The values are the module's own tensors, not copies.
   */
  public final LinkedHashMap<String, Tensor> stateDict() {
    var out = new LinkedHashMap<String, Tensor>();
    collectState("", this, out, Collections.newSetFromMap(new IdentityHashMap<>()));
    return out;
  }

  private static void collectState(
      String prefix, Module m, Map<String, Tensor> out, Set<Module> path) {
    if (!path.add(m)) return; // a cycle, not a shared module: stop here
    m.directParameters().forEach((k, v) -> out.put(join(prefix, k), v));
    m.directBuffers(true).forEach((k, v) -> out.put(join(prefix, k), v));
    for (var c : m.directChildren().entrySet()) {
      collectState(join(prefix, c.getKey()), c.getValue(), out, path);
    }
    path.remove(m);
  }

  /**
   * A snapshot of {@link #stateDict()}: the same keys, with copies of the tensors that later
   * training does not change (PyTorch's {@code copy.deepcopy(model.state_dict())}), e.g. to restore
   * the best weights after early stopping with {@code loadStateDict(best)}.
   */
  public final LinkedHashMap<String, Tensor> stateDictCopy() {
    var out = new LinkedHashMap<String, Tensor>();
    stateDict().forEach((k, v) -> out.put(k, Tensor.of(v.toFloatArray(), v.shape())));
    return out;
  }

  /**
   * Copies every tensor of {@code state} into this module, strictly: the keys and shapes must match
   * exactly, or nothing is loaded and the error lists every missing key, unexpected key and shape
   * mismatch by name.
   *
   * <pre>{@code
   * model.loadStateDict(Safetensors.read(Path.of("lenet.safetensors")));
   * }</pre>
   *
   * @throws IllegalArgumentException listing all problems at once
   */
  public final void loadStateDict(Map<String, ? extends Tensor> state) {
    loadStateDict(state, true);
  }

  /**
   * Copies the tensors of {@code state} whose key and shape match, and reports the others. With
   * {@code strict} any problem is an error and nothing is loaded; without, the matching tensors are
   * loaded and the problems are returned (for transfer learning: load a backbone, skip the head).
   */
  public final StateDictLoad loadStateDict(Map<String, ? extends Tensor> state, boolean strict) {
    Map<String, Tensor> own = stateDict();
    var missing = new ArrayList<String>();
    var mismatched = new ArrayList<String>();
    var matched = new LinkedHashMap<Tensor, Tensor>();
    for (var e : own.entrySet()) {
      Tensor src = state.get(e.getKey());
      if (src == null) {
        missing.add(e.getKey());
      } else if (!Arrays.equals(src.shape(), e.getValue().shape())) {
        mismatched.add(
            e.getKey()
                + ": checkpoint "
                + Arrays.toString(src.shape())
                + ", model "
                + Arrays.toString(e.getValue().shape()));
      } else {
        matched.put(e.getValue(), src);
      }
    }
    var unexpected = new ArrayList<String>();
    for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);
    var result = new StateDictLoad(List.copyOf(missing), List.copyOf(unexpected), mismatched);
    if (strict && !result.isClean()) {
      var sb = new StringBuilder("Error(s) in loading state_dict for ");
      sb.append(getClass().getSimpleName()).append(':');
      if (!missing.isEmpty()) sb.append("\n  Missing key(s): ").append(String.join(", ", missing));
      if (!unexpected.isEmpty()) {
        sb.append("\n  Unexpected key(s): ").append(String.join(", ", unexpected));
      }
      for (String m : mismatched) sb.append("\n  Size mismatch for ").append(m);
      throw new IllegalArgumentException(sb.toString());
    }
    try (NoGrad g = Tensor.noGrad()) {
      matched.forEach(Tensor::assign);
    }
    return result;
  }

  // ------------------------------------------------------------------ modes

  /** Sets training mode on this module and every module below it; returns this. */
  public final Module train(boolean on) {
    for (Module m : modules()) m.training = on;
    return this;
  }

  /** Training mode (the default): dropout drops, batch norm uses and updates batch statistics. */
  public final Module train() {
    return train(true);
  }

  /** Evaluation mode: dropout is the identity, batch norm uses its running statistics. */
  public final Module eval() {
    return train(false);
  }

  /** Whether this module is in training mode. */
  public final boolean isTraining() {
    return training;
  }

  /** Freezes every parameter ({@code requiresGrad(false)}): optimizers leave it unchanged. */
  public final Module freeze() {
    return freeze(name -> true);
  }

  /**
   * Freezes the parameters whose dotted name matches, e.g. {@code model.freeze(n ->
   * n.startsWith("features."))} to keep a pretrained backbone fixed.
   */
  public final Module freeze(Predicate<String> name) {
    namedParameters()
        .forEach(
            (k, p) -> {
              if (name.test(k)) p.requiresGrad(false);
            });
    return this;
  }

  /** Makes every parameter trainable again. */
  public final Module unfreeze() {
    return unfreeze(name -> true);
  }

  /** Makes the parameters whose dotted name matches trainable again. */
  public final Module unfreeze(Predicate<String> name) {
    namedParameters()
        .forEach(
            (k, p) -> {
              if (name.test(k)) p.requiresGrad(true);
            });
    return this;
  }

  /** Clears the gradient of every parameter (PyTorch's {@code zero_grad(set_to_none=True)}). */
  public final void zeroGrad() {
    for (Parameter p : parameters()) p.zeroGrad();
  }

  // ------------------------------------------------------------------ printing

  /**
   * The arguments shown between the parentheses of this module's line in {@link #toString()}, as
   * PyTorch's {@code extra_repr}, e.g. {@code "in_features=784, out_features=128, bias=true"}.
   */
  protected String extraRepr() {
    return "";
  }

  /** The module tree, as PyTorch's {@code print(model)}. */
  @Override
  public String toString() {
    Map<String, Module> kids = directChildren();
    String name = getClass().getSimpleName();
    if (kids.isEmpty()) return name + "(" + extraRepr() + ")";
    var sb = new StringBuilder(name).append('(');
    String extra = extraRepr();
    if (!extra.isEmpty()) sb.append("\n  ").append(extra.replace("\n", "\n  "));
    for (var c : kids.entrySet()) {
      String child = c.getValue() == this ? "(self)" : c.getValue().toString();
      sb.append("\n  (").append(c.getKey()).append("): ").append(child.replace("\n", "\n  "));
    }
    return sb.append("\n)").toString();
  }

  static String join(String prefix, String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  // ------------------------------------------------------------------ reflection

  /** One discovered field value with its state-dict name. */
  record Part(String name, Object value, Buffer buffer) {}

  /** Reads the module-relevant fields of a module object; the field lists are cached per class. */
  static final class ModuleFields {
    private static final ClassValue<List<Field>> FIELDS =
        new ClassValue<>() {
          @Override
          protected List<Field> computeValue(Class<?> type) {
            var out = new ArrayList<Field>();
            if (type.getSuperclass() != null
                && Module.class.isAssignableFrom(type.getSuperclass())) {
              out.addAll(get(type.getSuperclass()));
            }
            if (type == Module.class) return out;
            for (Field f : type.getDeclaredFields()) {
              int mod = f.getModifiers();
              if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || f.isSynthetic()) continue;
              Class<?> t = f.getType();
              boolean relevant =
                  Tensor.class.isAssignableFrom(t)
                      || Module.class.isAssignableFrom(t)
                      || List.class.isAssignableFrom(t)
                      || t.isArray()
                      || t == Object.class;
              if (relevant && f.trySetAccessible()) out.add(f);
            }
            return List.copyOf(out);
          }
        };

    private ModuleFields() {}

    static List<Part> of(Module m) {
      var out = new ArrayList<Part>();
      for (Field f : FIELDS.get(m.getClass())) {
        Object v;
        try {
          v = f.get(m);
        } catch (IllegalAccessException e) {
          continue;
        }
        if (v == null) continue;
        String name = snakeCase(f.getName());
        Buffer buffer = f.getAnnotation(Buffer.class);
        if (v instanceof Tensor || v instanceof Module) {
          out.add(new Part(name, v, buffer));
        } else if (v instanceof List<?> list) {
          addAll(out, name, list.toArray());
        } else if (v instanceof Module[] arr) {
          addAll(out, name, arr);
        } else if (v instanceof Parameter[] arr) {
          addAll(out, name, arr);
        }
      }
      return out;
    }

    private static void addAll(List<Part> out, String name, Object[] items) {
      for (int i = 0; i < items.length; i++) {
        if (items[i] instanceof Module || items[i] instanceof Parameter) {
          out.add(new Part(name + "." + i, items[i], null));
        }
      }
    }
  }

  /**
   * Java field name to PyTorch attribute name: {@code runningMean} to {@code running_mean}, {@code
   * weightIhL0} to {@code weight_ih_l0}; names without capitals are unchanged.
   */
  static String snakeCase(String name) {
    var sb = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0 && !Character.isUpperCase(name.charAt(i - 1)) && name.charAt(i - 1) != '_') {
          sb.append('_');
        }
        sb.append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
