package crema.bench.workloads;

import crema.nn.Linear;
import crema.nn.Module;
import crema.nn.Parameter;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.List;

/**
 * Transformer encoder over the 28 rows of an image: linear embedding (28 → 64) plus learned
 * positions, 2 post-norm encoder layers (4 heads, feed-forward 128, ReLU, no dropout), mean pool,
 * linear head. The mirror of {@code models.RowTransformer} in bench/torch.
 *
 * <p>{@code crema.nn} has no attention or layer-norm layers yet (issue 8), so they are composed
 * from the library's differentiable ops:
 *
 * <pre>
 * Attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V        per head, d_k = 16
 * h = LayerNorm(x + MHA(x));   y = LayerNorm(h + W₂ relu(W₁ h))
 * </pre>
 *
 * Initialisation as PyTorch's: Xavier-uniform {@code in_proj_weight}, zero projection biases.
 */
public final class Transformer extends ClassifierWorkload {
  static final int TOKENS = 28;
  static final int D = 64;
  static final int HEADS = 4;
  static final int FF = 128;

  /** LayerNorm over the last dimension, y = (x − mean) / √(var + 1e-5) · γ + β. */
  static final class LayerNorm extends Module {
    final Parameter weight = Parameter.of(filled(D, 1f), D);
    final Parameter bias = Parameter.of(new float[D], D);

    @Override
    public Tensor forward(Tensor x) {
      int last = x.dim() - 1;
      Tensor mean = x.mean(last, true);
      Tensor var = x.var(new int[] {last}, true, false);
      return x.sub(mean).div(var.add(1e-5f).sqrt()).mul(weight).add(bias);
    }
  }

  /** One post-norm encoder layer, as torch.nn.TransformerEncoderLayer(64, 4, 128, dropout=0). */
  static final class EncoderLayer extends Module {
    final Linear inProj = new Linear(D, 3 * D);
    final Linear outProj = new Linear(D, D);
    final Linear linear1 = new Linear(D, FF);
    final Linear linear2 = new Linear(FF, D);
    final LayerNorm norm1 = new LayerNorm();
    final LayerNorm norm2 = new LayerNorm();

    EncoderLayer() {
      float bound = (float) Math.sqrt(6.0 / (D + 3 * D));
      Rng rng = Rng.global();
      List<Parameter> in = inProj.parameters();
      for (float[] d : new float[][] {in.get(0).data()}) {
        for (int i = 0; i < d.length; i++) {
          d[i] = (2 * rng.nextFloat() - 1) * bound;
        }
      }
      in.get(1).fill(0f);
      outProj.parameters().get(1).fill(0f);
    }

    /** x: [B, T, D]. */
    @Override
    public Tensor forward(Tensor x) {
      int b = x.size(0);
      int dk = D / HEADS;
      Tensor qkv = inProj.forward(x.reshape(b * TOKENS, D)).reshape(b, TOKENS, 3 * D);
      Tensor q = heads(qkv.slice(2, 0, D), b, dk);
      Tensor k = heads(qkv.slice(2, D, 2 * D), b, dk);
      Tensor v = heads(qkv.slice(2, 2 * D, 3 * D), b, dk);
      Tensor attn = q.matmul(k.transpose(2, 3)).mul((float) (1 / Math.sqrt(dk))).softmax(3);
      Tensor ctx = attn.matmul(v).permute(0, 2, 1, 3).reshape(b * TOKENS, D);
      Tensor h = norm1.forward(x.add(outProj.forward(ctx).reshape(b, TOKENS, D)));
      Tensor ff = linear2.forward(linear1.forward(h.reshape(b * TOKENS, D)).relu());
      return norm2.forward(h.add(ff.reshape(b, TOKENS, D)));
    }

    /** [B, T, D] → [B, heads, T, d_k]. */
    private static Tensor heads(Tensor t, int b, int dk) {
      return t.reshape(b, TOKENS, HEADS, dk).permute(0, 2, 1, 3);
    }
  }

  /** Embedding, positions, two encoder layers, mean pool, head. */
  static final class Model extends Module {
    final Linear embed = new Linear(TOKENS, D);
    final Parameter pos;
    final EncoderLayer layer0 = new EncoderLayer();
    final EncoderLayer layer1 = new EncoderLayer();
    final Linear fc = new Linear(D, 10);

    Model() {
      Tensor p = Tensor.randn(1, TOKENS, D).mul(0.02f);
      pos = Parameter.of(p.toFloatArray(), 1, TOKENS, D);
    }

    @Override
    public Tensor forward(Tensor x) {
      int b = x.size(0);
      Tensor h = embed.forward(x.reshape(b * TOKENS, TOKENS)).reshape(b, TOKENS, D).add(pos);
      h = layer1.forward(layer0.forward(h));
      return fc.forward(h.mean(1, false));
    }
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  @Override
  protected Module buildModel() {
    return new Model();
  }
}
