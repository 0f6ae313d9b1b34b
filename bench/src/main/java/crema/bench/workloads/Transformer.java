package crema.bench.workloads;

import crema.nn.LearnedPositionalEncoding;
import crema.nn.Linear;
import crema.nn.Module;
import crema.nn.TransformerEncoder;
import crema.nn.TransformerEncoderLayer;
import crema.tensor.Tensor;

/**
 * Transformer encoder over the 28 rows of an image: linear embedding (28 → 64) plus learned
 * positions, 2 post-norm encoder layers (4 heads, feed-forward 128, ReLU, no dropout), mean pool,
 * linear head. The mirror of {@code models.RowTransformer} in bench/torch, written with the
 * library's layers as a workshop participant would:
 *
 * <pre>
 * h = LayerNorm(x + MHA(x));   y = LayerNorm(h + W₂ relu(W₁ h))       per encoder layer
 * </pre>
 */
public final class Transformer extends ClassifierWorkload {
  static final int TOKENS = 28;
  static final int D = 64;
  static final int HEADS = 4;
  static final int FF = 128;

  /** Embedding, positions, two encoder layers, mean pool, head. */
  static final class Model extends Module {
    final Linear embed = new Linear(TOKENS, D);
    final LearnedPositionalEncoding pos = new LearnedPositionalEncoding(TOKENS, D);
    final TransformerEncoder encoder =
        new TransformerEncoder(() -> new TransformerEncoderLayer(D, HEADS, FF, 0.0, false), 2);
    final Linear fc = new Linear(D, 10);

    @Override
    public Tensor forward(Tensor x) {
      int b = x.size(0);
      Tensor h = pos.forward(embed.forward(x.reshape(b, TOKENS, TOKENS)));
      return fc.forward(encoder.forward(h).mean(1, false));
    }
  }

  @Override
  protected Module buildModel() {
    return new Model();
  }
}
