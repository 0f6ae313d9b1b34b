package crema.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import crema.backend.ArrayPool;
import crema.optim.Adam;
import crema.optim.ClipGrad;
import crema.optim.Optimizer;
import crema.optim.ParamGroup;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The arrays that a training step now gives back beyond RecyclingTest's: a gradient that backward
 * hands to several inputs (every residual connection), a parameter's gradient that nobody was
 * handed when {@code zeroGrad()} drops it, the attention weights a transformer layer keeps for
 * {@code lastAttention()}, and the copies {@code F.linear} makes of a 3-D input. Each test proves
 * that no value a user can hold changes, and that training gives the same numbers with the pool
 * off.
 */
class GradientRecyclingTest {
  @AfterEach
  void poolBackOn() {
    ArrayPool.setEnabled(true);
  }

  /** Embedding of 3-D input (F.linear's copies), two post-norm encoder layers, a linear head. */
  private static Sequential transformer() {
    return new Sequential(
        new Linear(12, 32),
        new TransformerEncoder(() -> new TransformerEncoderLayer(32, 4, 64, 0.0, false), 2),
        new Flatten(),
        new Linear(10 * 32, 5));
  }

  private static int[] labels(Rng rng, int n) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) y[i] = rng.nextInt(5);
    return y;
  }

  /** Losses, then every parameter's values, after five steps with gradient clipping. */
  private static List<float[]> train(boolean pool) {
    ArrayPool.setEnabled(pool);
    Rng.manualSeed(21);
    Rng rng = new Rng(22);
    Sequential model = transformer();
    Adam opt = new Adam(model.parameters(), 1e-2);
    CrossEntropyLoss ce = new CrossEntropyLoss();
    List<float[]> out = new ArrayList<>();
    float[] losses = new float[5];
    for (int step = 0; step < losses.length; step++) {
      opt.zeroGrad();
      Tensor loss = ce.forward(model.forward(Tensor.randn(rng, 16, 10, 12)), labels(rng, 16));
      loss.backward();
      ClipGrad.clipGradNorm(model.parameters(), 1.0);
      opt.step();
      losses[step] = loss.item();
    }
    out.add(losses);
    for (Parameter p : model.parameters()) out.add(p.toFloatArray());
    return out;
  }

  @Test
  void aTransformerTrainsToTheSameNumbersWithAndWithoutThePool() {
    assertSameNumbers(train(false), train(true), "losses, then each parameter");
  }

  /** Bit-identical arrays, pairwise, with the pool off and on. */
  private static void assertSameNumbers(List<float[]> without, List<float[]> with, String what) {
    assertEquals(without.size(), with.size());
    for (int i = 0; i < with.size(); i++) {
      assertArrayEquals(without.get(i), with.get(i), what + ": array " + i + " differs");
    }
  }

  /** The weights' gradients of {@code L1(x) + L2(x)}, summed, two passes. */
  private static List<float[]> twoBranches(boolean pool) {
    ArrayPool.setEnabled(pool);
    Rng.manualSeed(31);
    Linear l1 = new Linear(64, 64);
    Linear l2 = new Linear(64, 64);
    Rng rng = new Rng(32);
    List<float[]> out = new ArrayList<>();
    for (int pass = 0; pass < 2; pass++) {
      Tensor x = Tensor.randn(rng, 64, 64);
      l1.zeroGrad();
      l2.zeroGrad();
      // The sum's gradient (64 x 64, from the pool) goes to both branches; each branch's backward
      // takes arrays of that length, so one given back too early would be overwritten while read.
      l1.forward(x).add(l2.forward(x)).sum().backward();
      out.add(l1.weight.grad().toFloatArray());
      out.add(l2.weight.grad().toFloatArray());
    }
    return out;
  }

  @Test
  void aGradientHandedToBothInputsOfAnAdditionReachesBothIntact() {
    assertSameNumbers(
        twoBranches(false), twoBranches(true), "the two weights' gradients, per pass");
  }

  @Test
  void attentionMapsAndGradientsAUserKeptNeverChange() {
    Rng.manualSeed(23);
    Rng rng = new Rng(24);
    Sequential model = transformer();
    TransformerEncoder encoder = (TransformerEncoder) model.get(1);
    Adam opt = new Adam(model.parameters(), 1e-2);
    CrossEntropyLoss ce = new CrossEntropyLoss();
    List<Tensor> kept = new ArrayList<>();
    List<float[]> copies = new ArrayList<>();
    for (int step = 0; step < 6; step++) {
      opt.zeroGrad();
      Tensor loss = ce.forward(model.forward(Tensor.randn(rng, 16, 10, 12)), labels(rng, 16));
      if (step % 2 == 0) { // read before backward on even steps, after it on odd ones
        keep(kept, copies, encoder.attention(0));
      }
      loss.backward();
      if (step % 2 == 1) {
        keep(kept, copies, encoder.attention(1));
        keep(kept, copies, model.parameters().get(0).grad()); // handed out: zeroGrad leaves it
      }
      opt.step();
      for (int i = 0; i < kept.size(); i++) {
        assertArrayEquals(copies.get(i), kept.get(i).toFloatArray(), "kept tensor " + i);
      }
    }
  }

  /** Keeps {@code t} as a user would, with a copy of its values taken now. */
  private static void keep(List<Tensor> kept, List<float[]> copies, Tensor t) {
    kept.add(t);
    copies.add(t.toFloatArray());
  }

  @Test
  void theAttentionShownIsThatOfTheLatestForwardPass() {
    Rng.manualSeed(25);
    TransformerEncoderLayer layer = new TransformerEncoderLayer(16, 2, 32, 0.0, false);
    Tensor x = Tensor.randn(new Rng(26), 4, 6, 16);
    layer.forward(x).sum().backward(); // trains: the weights are copied, the graph releases them
    float[] training = layer.lastAttention().toFloatArray();
    Tensor evaluated;
    try (var g = Tensor.noGrad()) {
      layer.forward(x);
      evaluated = layer.lastAttention(); // no graph: the weights themselves
    }
    assertArrayEquals(evaluated.toFloatArray(), training, 1e-6f);
    assertArrayEquals(new int[] {4, 2, 6, 6}, evaluated.shape());
  }

  @Test
  void aGradientNobodyWasHandedGoesToTheNextBackward() {
    Rng.manualSeed(27);
    Rng rng = new Rng(28);
    Linear layer = new Linear(64, 48); // the weight's 3,072 floats: no activation has that length
    Adam opt = new Adam(layer.parameters(), 1e-2);
    float[] first = step(layer, opt, rng);
    float[] second = step(layer, opt, rng);
    assertSame(first, second, "zeroGrad gave the unread gradient back, and backward took it");
    Tensor handedOut = layer.weight.grad();
    float[] copy = handedOut.toFloatArray();
    float[] third = step(layer, opt, rng);
    assertNotSame(handedOut.data(), third, "a gradient read through grad() is never reused");
    assertArrayEquals(copy, handedOut.toFloatArray());
  }

  /** One step; returns the weight's gradient array (read without handing it out). */
  private static float[] step(Linear layer, Optimizer opt, Rng rng) {
    opt.zeroGrad();
    Tensor y = layer.forward(Tensor.randn(rng, 16, 64));
    y.mul(y).sum().backward();
    float[] g = layer.weight.gradValues();
    opt.step();
    return g;
  }

  /** A participant's optimizer that keeps the gradients it is given (a previous gradient). */
  static final class KeepsGradients extends Optimizer {
    final List<float[]> given = new ArrayList<>();
    final List<float[]> copies = new ArrayList<>();

    KeepsGradients(Iterable<? extends Tensor> params) {
      super("KeepsGradients", single("KeepsGradients", params), options("lr", 0.01));
    }

    @Override
    protected void update(ParamGroup group, Tensor p, float[] w, float[] g) {
      given.add(g);
      copies.add(g.clone());
      for (int i = 0; i < w.length; i++) w[i] -= 0.01f * g[i];
    }
  }

  @Test
  void anOptimizerWrittenElsewhereKeepsTheGradientsItWasGiven() {
    Rng.manualSeed(29);
    Rng rng = new Rng(30);
    Linear layer = new Linear(64, 48);
    KeepsGradients opt = new KeepsGradients(layer.parameters());
    for (int i = 0; i < 4; i++) step(layer, opt, rng);
    for (int i = 0; i < opt.given.size(); i++) {
      assertArrayEquals(opt.copies.get(i), opt.given.get(i), "gradient given at update " + i);
    }
  }
}
