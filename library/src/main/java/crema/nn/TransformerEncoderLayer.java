package crema.nn;

import crema.nn.ops.FeedForwardFunction;
import crema.tensor.Tensor;

/**
 * One transformer encoder block, PyTorch's {@code nn.TransformerEncoderLayer} (batch-first, ReLU):
 *
 * <pre>
 * post-norm (default):  x = LN₁(x + SelfAttn(x));     x = LN₂(x + FF(x))
 * pre-norm:             x = x + SelfAttn(LN₁(x));     x = x + FF(LN₂(x))
 * FF(x) = W₂·dropout(relu(W₁x + b₁)) + b₂
 * </pre>
 *
 * The residual connections let each block learn a correction to its input; pre-norm trains more
 * stably when many blocks are stacked. State-dict names as in PyTorch: {@code self_attn.*}, {@code
 * linear1.*}, {@code linear2.*}, {@code norm1.*}, {@code norm2.*}. When no dropout is active (p =
 * 0, or evaluation) the feed-forward block runs as one fused node split across the cores ({@code
 * FeedForwardFunction}); the norms are fused too ({@code LayerNormFunction}).
 *
 * <pre>{@code
 * var block = new TransformerEncoderLayer(64, 4, 128, 0.1, false);
 * Tensor y = block.forward(Tensor.randn(8, 28, 64));   // [8, 28, 64]
 * block.lastAttention();                              // [8, 4, 28, 28], for a heatmap
 * }</pre>
 */
public class TransformerEncoderLayer extends Module {
  public final MultiheadAttention selfAttn;
  public final Linear linear1;
  public final Dropout dropout;
  public final Linear linear2;
  public final LayerNorm norm1;
  public final LayerNorm norm2;
  public final Dropout dropout1;
  public final Dropout dropout2;
  private final boolean normFirst;
  private final double dropoutP;
  private final transient KeptAttention lastAttention = new KeptAttention();

  /** Post-norm, dropout 0.1. */
  public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward) {
    this(dModel, nhead, dimFeedforward, 0.1, false);
  }

  public TransformerEncoderLayer(
      int dModel, int nhead, int dimFeedforward, double dropout, boolean normFirst) {
    this.selfAttn = new MultiheadAttention(dModel, nhead);
    this.linear1 = new Linear(dModel, dimFeedforward);
    this.dropout = new Dropout(dropout);
    this.linear2 = new Linear(dimFeedforward, dModel);
    this.norm1 = new LayerNorm(dModel);
    this.norm2 = new LayerNorm(dModel);
    this.dropout1 = new Dropout(dropout);
    this.dropout2 = new Dropout(dropout);
    this.normFirst = normFirst;
    this.dropoutP = dropout;
  }

  @Override
  public Tensor forward(Tensor x) {
    return forward(x, null, false);
  }

  /**
   * @param keyPadding {@code [B][T]}, true at padding positions; or null
   * @param causal whether position i may only attend to positions 0..i
   */
  public Tensor forward(Tensor x, boolean[][] keyPadding, boolean causal) {
    // Every tensor made here except the returned one is marked with own(): none leaves the block.
    if (normFirst) {
      x = own(x.add(attend(own(norm1.forward(x)), keyPadding, causal)));
      return x.add(feedForward(own(norm2.forward(x))));
    }
    x = own(norm1.forward(own(x.add(attend(x, keyPadding, causal)))));
    return norm2.forward(own(x.add(feedForward(x))));
  }

  /**
   * Marks an activation between this block's layers that no caller can reach: when backward frees
   * the graph, its array goes back to the pool for the next step ({@link
   * Tensor#releaseWithGraph()}). The block's input and output are never marked; the attention
   * weights are, once {@link KeptAttention} has copied them for {@link #lastAttention()}.
   */
  private static Tensor own(Tensor t) {
    return t.releaseWithGraph();
  }

  private Tensor attend(Tensor x, boolean[][] keyPadding, boolean causal) {
    AttentionOutput a = selfAttn.forward(x, x, x, keyPadding, causal, false);
    lastAttention.keep(a.weights());
    own(a.output());
    return own(dropout1.forward(a.output()));
  }

  private Tensor feedForward(Tensor x) {
    if (dropoutP == 0 || !isTraining()) {
      // No dropout to apply: one fused node (linear, ReLU, linear) split across the cores.
      Tensor y =
          new FeedForwardFunction()
              .apply(x, linear1.weight, linear1.bias, linear2.weight, linear2.bias);
      return own(y);
    }
    Tensor h = own(dropout.forward(own(own(linear1.forward(x)).relu())));
    return own(dropout2.forward(own(linear2.forward(h))));
  }

  /** The attention weights {@code [B, H, T, T]} of the latest forward pass (detached), or null. */
  public Tensor lastAttention() {
    return lastAttention.latest();
  }

  @Override
  protected String extraRepr() {
    return normFirst ? "norm_first=True" : "";
  }
}
