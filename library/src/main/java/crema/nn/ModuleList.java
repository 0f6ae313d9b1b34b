package crema.nn;

import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A list of modules whose parameters belong to the owner, PyTorch's {@code nn.ModuleList}. It has
 * no {@code forward}: the owner decides how to call them.
 *
 * <pre>{@code
 * class Deep extends Module {
 *   final ModuleList blocks = new ModuleList();   // keys "blocks.0.weight", ...
 *   Deep() { for (int i = 0; i < 4; i++) blocks.add(new Linear(32, 32)); }
 *   public Tensor forward(Tensor x) {
 *     for (Module b : blocks) x = b.forward(x).relu();
 *     return x;
 *   }
 * }
 * }</pre>
 */
public class ModuleList extends Module implements Iterable<Module> {
  private final List<Module> items = new ArrayList<>();

  /** The given modules, in order. */
  public ModuleList(Module... modules) {
    for (Module m : modules) items.add(checkNotNull(m, "ModuleList"));
  }

  /** Appends a module; returns this. */
  public ModuleList add(Module module) {
    items.add(checkNotNull(module, "ModuleList.add"));
    return this;
  }

  /** The module at {@code index} (negative counts from the end). */
  public Module get(int index) {
    return items.get(checkIndex(index));
  }

  /** Replaces the module at {@code index}; returns the old one. */
  public Module set(int index, Module module) {
    if (module == null) throw new IllegalArgumentException("ModuleList.set: module is null");
    return items.set(checkIndex(index), module);
  }

  /** Number of modules. */
  public int size() {
    return items.size();
  }

  private static Module checkNotNull(Module m, String where) {
    if (m == null) throw new IllegalArgumentException(where + ": module is null");
    return m;
  }

  private int checkIndex(int index) {
    int i = index < 0 ? index + items.size() : index;
    if (i < 0 || i >= items.size()) {
      throw new IndexOutOfBoundsException(
          "ModuleList has " + items.size() + " modules, no index " + index);
    }
    return i;
  }

  @Override
  public Iterator<Module> iterator() {
    return List.copyOf(items).iterator();
  }

  @Override
  protected Map<String, Module> directChildren() {
    var out = new LinkedHashMap<String, Module>();
    for (int i = 0; i < items.size(); i++) out.put(Integer.toString(i), items.get(i));
    return out;
  }

  /** Always fails: a ModuleList is a container, iterate over it in the owner's forward. */
  @Override
  public Tensor forward(Tensor x) {
    throw new UnsupportedOperationException(
        "ModuleList has no forward(): iterate over it in the owning module's forward");
  }
}
