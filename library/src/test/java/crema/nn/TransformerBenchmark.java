package crema.nn;

import crema.backend.Blas;
import crema.backend.Parallel;
import crema.optim.Adam;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * A/B micro-benchmark (not a test) of the bench's row transformer training step (batch 64, Adam): A
 * composes attention and layer norm from small ops, as the bench workload did before the fused
 * nodes; B uses the library's layers ({@link TransformerEncoderLayer} over the fused {@code
 * AttentionWeightsFunction}, {@code AttentionValuesFunction} and {@code LayerNormFunction}). The
 * two alternate in the same JVM so that a busy machine hurts both alike. After {@code mvn -q -B -pl
 * library test-compile}:
 *
 * <pre>
 * java -cp "library/target/classes:library/target/test-classes:library/target/lib/*" crema.nn.TransformerBenchmark
 * </pre>
 */
public final class TransformerBenchmark {
  private static final int BATCH = 64;
  private static final int T = 28;
  private static final int D = 64;
  private static final int HEADS = 4;
  private static final int FF = 128;

  private TransformerBenchmark() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    System.out.println("Blas: " + Blas.describe() + ", Parallel.threads() = " + Parallel.threads());
    Rng.manualSeed(0);
    Module a = new ComposedModel();
    Module b = new LibraryModel();
    Tensor x = Tensor.rand(BATCH, 1, 28, 28);
    int[] y = new int[BATCH];
    Arrays.setAll(y, i -> i % 10);
    Trainer ta = new Trainer(a, x, y);
    Trainer tb = new Trainer(b, x, y);
    if (args.length > 2 && args[2].equals("B")) { // only the library model, e.g. for a profile
      for (int r = 0; r < rounds; r++) System.out.printf(Locale.ROOT, "%.0f%n", tb.run(steps));
      return;
    }
    for (int w = 0; w < 3; w++) {
      ta.run(steps);
      tb.run(steps);
    }
    double[] ra = new double[rounds];
    double[] rb = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      ra[r] = ta.run(steps);
      rb[r] = tb.run(steps);
    }
    Arrays.sort(ra);
    Arrays.sort(rb);
    double ma = ra[rounds / 2], mb = rb[rounds / 2];
    System.out.printf(
        Locale.ROOT,
        "composed (A): median %.0f samples/s   library (B): median %.0f samples/s   B/A %.2f%n",
        ma,
        mb,
        mb / ma);
  }

  /** zeroGrad, forward, cross-entropy, backward, Adam step; {@link #run} returns samples/s. */
  private static final class Trainer {
    final Module model;
    final Adam opt;
    final CrossEntropyLoss loss = new CrossEntropyLoss();
    final Tensor x;
    final int[] y;

    Trainer(Module model, Tensor x, int[] y) {
      this.model = model;
      this.opt = new Adam(model.parameters(), 1e-3);
      this.x = x;
      this.y = y;
    }

    double run(int steps) {
      long t0 = System.nanoTime();
      for (int s = 0; s < steps; s++) {
        opt.zeroGrad();
        loss.forward(model.forward(x), y).backward();
        opt.step();
      }
      return steps * BATCH / ((System.nanoTime() - t0) / 1e9);
    }
  }

  /** The bench workload as written with the library's layers. */
  static final class LibraryModel extends Module {
    final Linear embed = new Linear(T, D);
    final LearnedPositionalEncoding pos = new LearnedPositionalEncoding(T, D);
    final TransformerEncoder encoder =
        new TransformerEncoder(() -> new TransformerEncoderLayer(D, HEADS, FF, 0.0, false), 2);
    final Linear fc = new Linear(D, 10);

    @Override
    public Tensor forward(Tensor x) {
      Tensor h = pos.forward(embed.forward(x.reshape(x.size(0), T, T)));
      return fc.forward(encoder.forward(h).mean(1, false));
    }
  }

  /** The bench workload as it was: attention and layer norm composed from small ops. */
  static final class ComposedModel extends Module {
    final Linear embed = new Linear(T, D);
    final Parameter pos = Parameter.of(Tensor.randn(1, T, D).mul(0.02f).toFloatArray(), 1, T, D);
    final ComposedLayer layer0 = new ComposedLayer();
    final ComposedLayer layer1 = new ComposedLayer();
    final Linear fc = new Linear(D, 10);

    @Override
    public Tensor forward(Tensor x) {
      int b = x.size(0);
      Tensor h = embed.forward(x.reshape(b * T, T)).reshape(b, T, D).add(pos);
      return fc.forward(layer1.forward(layer0.forward(h)).mean(1, false));
    }
  }

  static final class ComposedNorm extends Module {
    final Parameter weight = new Parameter(Tensor.ones(D));
    final Parameter bias = new Parameter(Tensor.zeros(D));

    @Override
    public Tensor forward(Tensor x) {
      int last = x.dim() - 1;
      Tensor mean = x.mean(last, true);
      Tensor var = x.var(new int[] {last}, true, false);
      return x.sub(mean).div(var.add(1e-5f).sqrt()).mul(weight).add(bias);
    }
  }

  static final class ComposedLayer extends Module {
    final Linear inProj = new Linear(D, 3 * D);
    final Linear outProj = new Linear(D, D);
    final Linear linear1 = new Linear(D, FF);
    final Linear linear2 = new Linear(FF, D);
    final ComposedNorm norm1 = new ComposedNorm();
    final ComposedNorm norm2 = new ComposedNorm();

    @Override
    public Tensor forward(Tensor x) {
      int b = x.size(0);
      int dk = D / HEADS;
      Tensor qkv = inProj.forward(x.reshape(b * T, D)).reshape(b, T, 3 * D);
      Tensor q = heads(qkv.slice(2, 0, D), b, dk);
      Tensor k = heads(qkv.slice(2, D, 2 * D), b, dk);
      Tensor v = heads(qkv.slice(2, 2 * D, 3 * D), b, dk);
      Tensor attn = q.matmul(k.transpose(2, 3)).mul((float) (1 / Math.sqrt(dk))).softmax(3);
      Tensor ctx = attn.matmul(v).permute(0, 2, 1, 3).reshape(b * T, D);
      Tensor h = norm1.forward(x.add(outProj.forward(ctx).reshape(b, T, D)));
      Tensor ff = linear2.forward(linear1.forward(h.reshape(b * T, D)).relu());
      return norm2.forward(h.add(ff.reshape(b, T, D)));
    }

    private static Tensor heads(Tensor t, int b, int dk) {
      return t.reshape(b, T, HEADS, dk).permute(0, 2, 1, 3);
    }
  }
}
