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

  /** The given layers, in order. */
  public Sequential(Module... layers) {
    for (Module m : layers) this.layers.add(checkNotNull(m, "Sequential"));
  }

  /** Appends a layer; returns this. */
  public Sequential add(Module layer) {
    layers.add(checkNotNull(layer, "Sequential.add"));
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
    for (int i = 0; i < layers.size(); i++) out.put(Integer.toString(i), layers.get(i));
    return out;
  }

  @Override
  public Tensor forward(Tensor x) {
    for (int i = 0; i < layers.size(); i++) {
      try {
        x = layers.get(i).forward(x);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Sequential (" + i + "): " + e.getMessage(), e);
      }
    }
    return x;
  }
}
