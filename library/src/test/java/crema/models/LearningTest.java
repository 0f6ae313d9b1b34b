package crema.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.data.FashionMnist;
import crema.data.TensorDataset;
import crema.nn.CrossEntropyLoss;
import crema.nn.Embedding;
import crema.nn.LSTM;
import crema.nn.LearnedPositionalEncoding;
import crema.nn.Linear;
import crema.nn.Losses;
import crema.nn.Module;
import crema.nn.TransformerEncoderLayer;
import crema.optim.Adam;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The sequence and generative models learn what the course says they learn. */
class LearningTest {

  /** Windows of a sine wave: 20 steps in, the next value out. */
  private static Tensor[] sineWindows(Rng rng, int n) {
    int t = 20;
    float[] x = new float[n * t];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      double start = rng.nextFloat() * 2 * Math.PI;
      for (int s = 0; s < t; s++) x[i * t + s] = (float) Math.sin(start + 0.3 * s);
      y[i] = (float) Math.sin(start + 0.3 * t);
    }
    return new Tensor[] {Tensor.of(x, n, t, 1), Tensor.of(y, n, 1)};
  }

  static final class Forecaster extends Module {
    final LSTM lstm = new LSTM(1, 16);
    final Linear head = new Linear(16, 1);

    @Override
    public Tensor forward(Tensor x) {
      Tensor out = lstm.forward(x);
      int t = out.size(1);
      return head.forward(out.slice(1, t - 1, t).reshape(out.size(0), 16));
    }
  }

  @Test
  void lstmLearnsToContinueASineWave() {
    Rng.manualSeed(3);
    Rng rng = new Rng(4);
    var model = new Forecaster();
    var opt = new Adam(model.parameters(), 1e-2);
    Tensor[] test = sineWindows(new Rng(5), 64);
    float before = Losses.mse(model.forward(test[0]), test[1]).item();
    for (int step = 0; step < 150; step++) {
      Tensor[] b = sineWindows(rng, 32);
      opt.zeroGrad();
      Losses.mse(model.forward(b[0]), b[1]).backward();
      opt.step();
    }
    float after = Losses.mse(model.forward(test[0]), test[1]).item();
    assertTrue(after < 0.01 && after < before / 10, "test MSE " + before + " → " + after);
  }

  /** Embedding + learned positions + one encoder layer + a per-position classifier. */
  static final class Reverser extends Module {
    final Embedding embed = new Embedding(10, 32);
    final LearnedPositionalEncoding pos = new LearnedPositionalEncoding(6, 32);
    final TransformerEncoderLayer encoder = new TransformerEncoderLayer(32, 1, 64, 0.0, false);
    final Linear head = new Linear(32, 10);

    @Override
    public Tensor forward(Tensor digits) {
      return head.forward(encoder.forward(pos.forward(embed.forward(digits))));
    }
  }

  @Test
  void oneLayerTransformerLearnsToReverseDigitsWithAntiDiagonalAttention() {
    Rng.manualSeed(7);
    Rng rng = new Rng(8);
    int t = 6;
    int b = 64;
    var model = new Reverser();
    var opt = new Adam(model.parameters(), 3e-3);
    var ce = new CrossEntropyLoss();
    for (int step = 0; step < 400; step++) {
      float[] x = new float[b * t];
      int[] y = new int[b * t];
      for (int i = 0; i < b; i++) {
        for (int s = 0; s < t; s++) x[i * t + s] = rng.nextInt(10);
        for (int s = 0; s < t; s++) y[i * t + s] = (int) x[i * t + t - 1 - s];
      }
      opt.zeroGrad();
      ce.forward(model.forward(Tensor.of(x, b, t)).reshape(b * t, 10), y).backward();
      opt.step();
    }
    model.eval();
    float[] x = new float[200 * t];
    for (int i = 0; i < x.length; i++) x[i] = rng.nextInt(10);
    float[] pred = model.forward(Tensor.of(x, 200, t)).argmax(-1).toFloatArray();
    int correct = 0;
    for (int i = 0; i < 200; i++) {
      for (int s = 0; s < t; s++) if (pred[i * t + s] == x[i * t + t - 1 - s]) correct++;
    }
    double accuracy = correct / (200.0 * t);
    assertTrue(accuracy >= 0.95, "token accuracy " + accuracy);
    // Position s should look at position t-1-s: the attention mass on the anti-diagonal.
    Tensor att = model.encoder.lastAttention().mean(new int[] {0, 1}, false); // [t, t]
    double anti = 0;
    for (int s = 0; s < t; s++) anti += att.get(s, t - 1 - s);
    assertTrue(anti / t > 0.5, "mean attention on the anti-diagonal " + anti / t + "\n" + att);
  }

  @Test
  void vaeElboImprovesOnFashionMnist() {
    Rng.manualSeed(11);
    TensorDataset train = FashionMnist.train();
    Tensor x = train.x().slice(0, 0, 4096).reshape(4096, 784);
    var vae = VAE.mlp(784, 400, 20).seed(12);
    var opt = new Adam(vae.parameters(), 1e-3);
    Tensor probe = x.slice(0, 0, 512);
    float before;
    try (var g = Tensor.noGrad()) {
      before = vae.run(probe).loss().item();
    }
    for (int i = 0; i + 64 <= 4096; i += 64) {
      opt.zeroGrad();
      vae.run(x.slice(0, i, i + 64)).loss().backward();
      opt.step();
    }
    float after;
    try (var g = Tensor.noGrad()) {
      after = vae.run(probe).loss().item();
    }
    assertTrue(after < before * 0.6, "−ELBO per image " + before + " → " + after);
    assertEquals(16 * 784, vae.sample(16, new Rng(1)).numel());
    Tensor morph = vae.interpolate(x.slice(0, 0, 1), x.slice(0, 1, 2), 5);
    assertEquals(5, morph.size(0));
  }

  @Test
  void klTermHasTheClosedFormOfTwoGaussians() {
    Tensor mu = Tensor.of(new float[] {0, 1, -2, 0.5f}, 2, 2);
    Tensor logVar = Tensor.of(new float[] {0, 0.5f, -1, 2}, 2, 2);
    double expected = 0;
    for (int i = 0; i < 4; i++) {
      double m = mu.data()[i];
      double lv = logVar.data()[i];
      expected += 0.5 * (m * m + Math.exp(lv) - 1 - lv);
    }
    assertEquals(expected / 2, VAE.klDivergence(mu, logVar).item(), 1e-5);
    assertEquals(0, VAE.klDivergence(Tensor.zeros(3, 4), Tensor.zeros(3, 4)).item(), 0);
  }

  @Test
  void ganLossesStayFiniteFor200Steps() {
    Rng.manualSeed(21);
    TensorDataset train = FashionMnist.train();
    Tensor real = train.x().slice(0, 0, 200 * 16).mul(2f).sub(1f); // pixels in [−1, 1]
    var g = Dcgan.generator(16);
    var d = Dcgan.discriminator();
    var gan =
        new Gan(
            g, d, 16, new Adam(g.parameters(), 2e-4), new Adam(d.parameters(), 2e-4), new Rng(22));
    Tensor fixedBefore = gan.fixedSamples();
    for (int step = 0; step < 200; step++) {
      Gan.Losses l = gan.step(real.slice(0, step * 16, (step + 1) * 16));
      assertTrue(
          Float.isFinite(l.discriminator()) && Float.isFinite(l.generator()),
          "step " + step + ": " + l);
    }
    Tensor fixedAfter = gan.fixedSamples();
    assertEquals(
        java.util.List.of(16, 1, 28, 28),
        java.util.Arrays.stream(fixedAfter.shape()).boxed().toList());
    assertTrue(
        fixedAfter.sub(fixedBefore).abs().max().item() > 0.01, "the generator learned nothing");
  }
}
