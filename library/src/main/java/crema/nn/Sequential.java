package crema.nn;

import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layers applied one after the other, PyTorch's {@code nn.Sequential}: {@code forward(x)} is {@code
 * layerN(...layer1(layer0(x)))}. Children are named by index, so the state-dict keys are {@code
 * "0.weight"}, {@code "0.bias"}, {@code "3.weight"}, ... exactly as in PyTorch.
 *
 * <pre>{@code
 * var lenet = new Sequential(
 *     new Conv2d(1, 6, 5, 1, 2), new Sigmoid(), new AvgPool2d(2),
 *     new Conv2d(6, 16, 5), new Sigmoid(), new AvgPool2d(2),
 *     new Flatten(),
 *     new Linear(400, 120), new Sigmoid(), new Linear(120, 84), new Sigmoid(),
 *     new Linear(84, 10));
 * lenet.numParameters();               // 61706
 * lenet.set(11, new Linear(84, 5));    // a new head for transfer learning
 * }</pre>
 *
 * A shape error inside a layer is reported with the layer's index, e.g. {@code "Sequential (7):
 * Linear(400→120) got input [64, 576]"}.
 */
public class Sequential extends Module implements Iterable<Module> {
  private final List<Module> layers = new ArrayList<>();
  private final List<String> names = new ArrayList<>();

  /** The given layers, in order, named {@code "0"}, {@code "1"}, ... */
  public Sequential(Module... layers) {
    for (Module m : layers) append(Integer.toString(names.size()), m);
  }

  /**
   * Named layers, in the map's order: PyTorch's {@code nn.Sequential(OrderedDict(...))}. The
   * state-dict keys use the names, e.g. {@code "conv1.weight"}.
   *
   * <pre>{@code
   * var m = new Sequential(new LinkedHashMap<>(Map.of("fc", new Linear(4, 2))));
   * }</pre>
   */
  public Sequential(Map<String, ? extends Module> namedLayers) {
    namedLayers.forEach(this::append);
  }

  private void append(String name, Module layer) {
    if (name == null || name.isEmpty() || name.contains(".") || names.contains(name)) {
      throw new IllegalArgumentException(
          "Sequential: layer names must be unique, non-empty and without '.', got '" + name + "'");
    }
    layers.add(checkNotNull(layer, "Sequential"));
    names.add(name);
  }

  /** Appends a layer named by its index; returns this. */
  public Sequential add(Module layer) {
    append(Integer.toString(names.size()), layer);
    return this;
  }

  /** Appends a named layer (PyTorch's {@code add_module}); returns this. */
  public Sequential add(String name, Module layer) {
    append(name, layer);
    return this;
  }

  /** The layer at {@code index} (negative counts from the end, as in Python). */
  public Module get(int index) {
    return layers.get(checkIndex(index));
  }

  /** Replaces the layer at {@code index}, e.g. a classifier head; returns the old one. */
  public Module set(int index, Module layer) {
    if (layer == null) throw new IllegalArgumentException("Sequential.set: layer is null");
    return layers.set(checkIndex(index), layer);
  }

  /** Number of layers. */
  public int size() {
    return layers.size();
  }

  private static Module checkNotNull(Module m, String where) {
    if (m == null) throw new IllegalArgumentException(where + ": layer is null");
    return m;
  }

  private int checkIndex(int index) {
    int i = index < 0 ? index + layers.size() : index;
    if (i < 0 || i >= layers.size()) {
      throw new IndexOutOfBoundsException(
          "Sequential has " + layers.size() + " layers, no index " + index);
    }
    return i;
  }

  @Override
  public Iterator<Module> iterator() {
    return List.copyOf(layers).iterator();
  }

  @Override
  protected Map<String, Module> directChildren() {
    var out = new LinkedHashMap<String, Module>();
    for (int i = 0; i < layers.size(); i++) out.put(names.get(i), layers.get(i));
    return out;
  }

  /**
   * Runs the layers in order. The activations between two layers never leave this method, so when
   * they were recorded for backward, and the layers on both sides are library layers that keep no
   * reference to them, their arrays are recycled once backward frees the graph ({@link
   * Intermediates}): the next step reuses them instead of allocating. The returned output is never
   * recycled.
   */
  @Override
  public Tensor forward(Tensor x) {
    // Without grad mode nothing is recorded, so nothing is recycled: keep no array of the
    // activations then, and each one becomes garbage as soon as the next layer has read it (a
    // large evaluation batch needs only two of them at a time).
    boolean recording = Tensor.isGradEnabled();
    Tensor[] ys = recording ? new Tensor[layers.size() + 1] : null;
    Tensor y = x;
    for (int i = 0; i < layers.size(); i++) {
      if (recording) {
        ys[i] = y;
      }
      try {
        y = layers.get(i).forward(y);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Sequential (" + names.get(i) + "): " + e.getMessage(), e);
      }
    }
    if (recording) {
      ys[layers.size()] = y;
      Intermediates.markPrivate(layers, ys);
    }
    return y;
  }
}
