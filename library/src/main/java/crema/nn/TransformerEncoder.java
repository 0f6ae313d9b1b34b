package crema.nn;

import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A stack of {@link TransformerEncoderLayer}s, PyTorch's {@code nn.TransformerEncoder}; the layers
 * are named {@code layers.0}, {@code layers.1}, ... as there.
 *
 * <pre>{@code
 * var encoder = new TransformerEncoder(() -> new TransformerEncoderLayer(64, 4, 128), 2);
 * Tensor y = encoder.forward(Tensor.randn(8, 28, 64));
 * }</pre>
 */
public class TransformerEncoder extends Module {
  public final ModuleList layers;

  /**
   * @param layer makes one fresh layer (each gets its own weights, as PyTorch's deep copy does)
   */
  public TransformerEncoder(Supplier<TransformerEncoderLayer> layer, int numLayers) {
    if (numLayers <= 0) {
      throw new IllegalArgumentException("TransformerEncoder: num_layers must be positive");
    }
    List<Module> list = new ArrayList<>();
    for (int i = 0; i < numLayers; i++) {
      list.add(layer.get());
    }
    this.layers = new ModuleList(list.toArray(new Module[0]));
  }

  @Override
  public Tensor forward(Tensor x) {
    return forward(x, null, false);
  }

  /**
   * Runs every layer with the same masks. The activation between two layers goes back to the pool
   * when backward frees the graph, if both layers keep no reference to their input or output
   * (exactly {@link TransformerEncoderLayer}s, not a subclass; see {@link Intermediates}).
   */
  public Tensor forward(Tensor x, boolean[][] keyPadding, boolean causal) {
    Module previous = null;
    for (Module m : layers) {
      if (previous != null
          && Intermediates.keepsNothing(previous)
          && Intermediates.keepsNothing(m)) {
        x.releaseWithGraph();
      }
      x = ((TransformerEncoderLayer) m).forward(x, keyPadding, causal);
      previous = m;
    }
    return x;
  }

  /** The attention weights {@code [B, H, T, T]} of layer {@code i} in the latest forward pass. */
  public Tensor attention(int i) {
    return ((TransformerEncoderLayer) layers.get(i)).lastAttention();
  }
}
