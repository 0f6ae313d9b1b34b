package crema.nn;

import crema.tensor.Tensor;
import java.util.Set;

/**
 * Finds the activations between a container's layers that no user can hold, and marks them so that
 * their arrays go back to the pool when backward frees the graph ({@link
 * Tensor#releaseWithGraph()}). This is what lets a training step reuse the previous step's
 * activation memory instead of allocating it anew.
 *
 * <p>The activation {@code y} between layer {@code k-1} and layer {@code k} of a {@link Sequential}
 * is private when all of these hold:
 *
 * <ul>
 *   <li>both layers are of a library class listed here, exactly (not a subclass, which could keep
 *       its input or output in a field): these layers keep no reference to what they receive or
 *       return;
 *   <li>{@code y} is neither the container's input nor its output, and shares its array with no
 *       other activation of the container (a layer that returns its input, such as {@link Identity}
 *       or {@link Dropout} in evaluation, makes two names for one array);
 *   <li>grad mode is on, so the graph of layer {@code k} records {@code y}; the graph then holds
 *       the only other reference, and once backward has freed it the values are not needed any more
 *       (an activation that no freed graph recorded is simply never released).
 * </ul>
 *
 * A released tensor that is still reachable (through {@code gradFn().inputs()}, for drawing the
 * graph) keeps its shape, and reading its values throws a clear error instead of showing another
 * step's numbers.
 */
final class Intermediates {
  /** Layers that keep no reference to their input or output tensors. */
  private static final Set<Class<?>> KEEP_NOTHING =
      Set.of(
          ReLU.class,
          LeakyReLU.class,
          ELU.class,
          Sigmoid.class,
          Tanh.class,
          Conv2d.class,
          Linear.class,
          MaxPool2d.class,
          AvgPool2d.class,
          AdaptiveAvgPool2d.class,
          Flatten.class,
          Unflatten.class,
          Dropout.class,
          BatchNorm1d.class,
          BatchNorm2d.class,
          LayerNorm.class,
          TransformerEncoderLayer.class);

  private Intermediates() {}

  /** Whether {@code m} is a layer of a listed class (exactly). */
  static boolean keepsNothing(Module m) {
    return KEEP_NOTHING.contains(m.getClass());
  }

  /**
   * Marks the private activations among {@code ys}: {@code ys[0]} is the container's input, {@code
   * ys[k]} the output of {@code layers.get(k-1)}, the last one the container's output.
   */
  static void markPrivate(java.util.List<Module> layers, Tensor[] ys) {
    int last = ys.length - 1;
    for (int k = 1; k < last; k++) {
      Tensor y = ys[k];
      if (keepsNothing(layers.get(k - 1)) && keepsNothing(layers.get(k)) && ownArray(ys, k)) {
        y.releaseWithGraph();
      }
    }
  }

  /** Whether no other entry of {@code ys} is {@code ys[k]} or shares its array. */
  private static boolean ownArray(Tensor[] ys, int k) {
    float[] a = ys[k].data();
    for (int j = 0; j < ys.length; j++) {
      if (j != k && (ys[j] == ys[k] || ys[j].data() == a)) {
        return false;
      }
    }
    return true;
  }
}
