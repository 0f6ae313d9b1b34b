package crema.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.backend.ArrayPool;
import crema.models.LeNet5;
import crema.optim.Adam;
import crema.tensor.Function;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Recycling arrays between training steps never changes a value a user can hold: logits kept across
 * backward, feature maps, a custom layer's saved activation, parameters and their gradients,
 * retained gradients. Each test runs several steps, so that the pool has arrays of every size to
 * hand out again, and then compares what the user kept with a copy made at once.
 */
class RecyclingTest {
  private static final int BATCH = 16;

  @AfterEach
  void poolBackOn() {
    ArrayPool.setEnabled(true);
  }

  private static int[] labels(Rng rng, int n) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) y[i] = rng.nextInt(10);
    return y;
  }

  /** A value the user kept, and a copy of it made when it was computed. */
  private record Kept(String what, Tensor tensor, float[] copy) {
    static Kept of(String what, Tensor t) {
      return new Kept(what, t, t.toFloatArray());
    }

    void check() {
      assertArrayEquals(copy, tensor.toFloatArray(), what + " changed after later steps");
    }
  }

  @Test
  void logitsFeatureMapsParametersAndGradientsKeptAcrossStepsAreUnchanged() {
    Rng.manualSeed(3);
    Rng rng = new Rng(4);
    Sequential model = LeNet5.create();
    Adam opt = new Adam(model.parameters(), 1e-3);
    CrossEntropyLoss ce = new CrossEntropyLoss();
    List<Kept> kept = new ArrayList<>();
    for (int step = 0; step < 6; step++) {
      Tensor x = Tensor.randn(rng, BATCH, 1, 28, 28);
      opt.zeroGrad();
      Tensor featureMap = model.get(0).forward(x); // as FeatureMaps' documentation shows
      kept.add(Kept.of("feature map of step " + step, featureMap));
      Tensor logits = model.forward(x);
      kept.add(Kept.of("logits of step " + step, logits));
      Tensor loss = ce.forward(logits, labels(rng, BATCH));
      loss.backward();
      // The logits are read after backward, for the accuracy, as a training loop does.
      kept.add(Kept.of("logits after backward, step " + step, logits));
      kept.add(Kept.of("loss of step " + step, loss));
      Parameter w = model.parameters().get(0);
      kept.add(Kept.of("conv1.weight.grad of step " + step, w.grad()));
      kept.add(Kept.of("fc3.weight.grad of step " + step, model.parameters().get(8).grad()));
      opt.step();
      kept.add(Kept.of("conv1.weight after step " + step, w.detach().copy()));
      for (Kept k : kept) k.check();
    }
  }

  /** A participant's own layer that keeps its activation for display. */
  static final class KeepsActivation extends Module {
    Tensor last;

    @Override
    public Tensor forward(Tensor x) {
      last = x.relu();
      return last;
    }
  }

  @Test
  void anActivationKeptByAUserLayerOrASubclassIsNeverRecycled() {
    Rng.manualSeed(5);
    Rng rng = new Rng(6);
    KeepsActivation keep = new KeepsActivation();
    // A subclass of a library layer may keep references too, so it is not trusted either.
    final Tensor[] seenBySubclass = new Tensor[1];
    Linear spying =
        new Linear(32, 32) {
          @Override
          public Tensor forward(Tensor x) {
            seenBySubclass[0] = x;
            return super.forward(x);
          }
        };
    Sequential model =
        new Sequential(new Linear(64, 32), keep, new Linear(32, 32), spying, new Linear(32, 4));
    Adam opt = new Adam(model.parameters(), 1e-2);
    List<Kept> kept = new ArrayList<>();
    for (int step = 0; step < 5; step++) {
      opt.zeroGrad();
      Tensor out = model.forward(Tensor.randn(rng, 8, 64));
      kept.add(Kept.of("user layer's activation, step " + step, keep.last));
      kept.add(Kept.of("input seen by a subclass, step " + step, seenBySubclass[0]));
      out.mul(out).sum().backward();
      opt.step();
      for (Kept k : kept) k.check();
    }
  }

  @Test
  void aRetainedGradientAndTheSeedGradientAreUnchanged() {
    Rng rng = new Rng(7);
    Sequential model = new Sequential(new Linear(40, 64), new ReLU(), new Linear(64, 40));
    List<Kept> kept = new ArrayList<>();
    for (int step = 0; step < 4; step++) {
      Tensor x = Tensor.randn(rng, 32, 40).requiresGrad(true);
      Tensor h = x.mul(2f).retainGrad();
      Tensor y = model.forward(h);
      Tensor seed = Tensor.randn(rng, 32, 40);
      float[] seedCopy = seed.toFloatArray();
      y.backward(seed);
      assertArrayEquals(seedCopy, seed.toFloatArray(), "the gradient given to backward");
      kept.add(Kept.of("retained grad, step " + step, h.grad()));
      kept.add(Kept.of("input grad, step " + step, x.grad()));
      kept.add(Kept.of("output, step " + step, y));
      for (Kept k : kept) k.check();
    }
  }

  /** A participant's op whose backward keeps the gradient it returns, to show it later. */
  static final class KeepsItsGradient extends Function {
    Tensor shown;

    @Override
    protected Tensor forward(Tensor... in) {
      return in[0].relu();
    }

    @Override
    protected Tensor[] backward(Tensor gradOut) {
      shown = gradOut.relu(); // made by a library op, inside a backward that is not the library's
      return new Tensor[] {shown};
    }
  }

  @Test
  void aGradientThatACustomOpKeepsIsNeverRecycled() {
    Rng rng = new Rng(9);
    Sequential head = new Sequential(new Linear(64, 64), new ReLU(), new Linear(64, 64));
    List<Kept> kept = new ArrayList<>();
    for (int step = 0; step < 4; step++) {
      KeepsItsGradient op = new KeepsItsGradient();
      Tensor h = op.apply(head.forward(Tensor.randn(rng, 32, 64)));
      head.forward(h).sum().backward();
      kept.add(Kept.of("gradient kept by a custom op, step " + step, op.shown));
      for (Kept k : kept) k.check();
    }
  }

  @Test
  void anLstmsOutputsAndStatesKeptAcrossStepsAreUnchanged() {
    Rng.manualSeed(15);
    Rng rng = new Rng(16);
    LSTM lstm = new LSTM(8, 32);
    Adam opt = new Adam(lstm.parameters(), 1e-2);
    List<Kept> kept = new ArrayList<>();
    for (int step = 0; step < 4; step++) {
      opt.zeroGrad();
      RecurrentOutput out = lstm.forwardWithState(Tensor.randn(rng, 16, 12, 8));
      kept.add(Kept.of("LSTM output, step " + step, out.output()));
      kept.add(Kept.of("LSTM h_N, step " + step, out.hN()));
      kept.add(Kept.of("LSTM c_N, step " + step, out.cN()));
      out.hN().sum().backward();
      opt.step();
      for (Kept k : kept) k.check();
    }
    // With retainGraph the saved gates stay: a second pass gives the same gradients again.
    RecurrentOutput out = lstm.forwardWithState(Tensor.randn(rng, 16, 12, 8));
    opt.zeroGrad();
    out.hN().sum().backward(true);
    float[] once = lstm.parameters().get(0).grad().toFloatArray();
    out.hN().sum().backward();
    float[] twice = lstm.parameters().get(0).grad().toFloatArray();
    for (int i = 0; i < once.length; i++) assertEquals(2 * once[i], twice[i], 1e-5f);
  }

  @Test
  void trainingWithAndWithoutThePoolGivesIdenticalNumbers() {
    float[][] with = train(true);
    float[][] without = train(false);
    assertArrayEquals(without[0], with[0], "losses");
    assertArrayEquals(without[1], with[1], "weights");
  }

  private static float[][] train(boolean pool) {
    ArrayPool.setEnabled(pool);
    Rng.manualSeed(11);
    Rng rng = new Rng(12);
    Sequential model = LeNet5.create();
    Adam opt = new Adam(model.parameters(), 1e-3);
    CrossEntropyLoss ce = new CrossEntropyLoss();
    float[] losses = new float[5];
    for (int step = 0; step < losses.length; step++) {
      opt.zeroGrad();
      Tensor loss = ce.forward(model.forward(Tensor.randn(rng, BATCH, 1, 28, 28)), labels(rng, 16));
      loss.backward();
      opt.step();
      losses[step] = loss.item();
    }
    return new float[][] {losses, model.parameters().get(6).toFloatArray()};
  }

  @Test
  void aReleasedIntermediateThrowsInsteadOfShowingOtherValues() {
    Rng rng = new Rng(13);
    Sequential model = new Sequential(new Linear(64, 64), new ReLU(), new Linear(64, 10));
    Tensor y = model.forward(Tensor.randn(rng, 32, 64));
    Tensor hidden = y.gradFn().inputs().get(0); // the ReLU's output, reached through the graph
    float[] before = hidden.toFloatArray();
    y.sum().backward(true); // retained: nothing is released
    assertArrayEquals(before, hidden.toFloatArray());
    assertFalse(hidden.isReleased());
    y.sum().backward();
    assertTrue(hidden.isReleased());
    IllegalStateException e = assertThrows(IllegalStateException.class, hidden::toFloatArray);
    assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
    assertEquals(2, hidden.dim(), "the shape stays readable (drawing the graph)");
    assertEquals(32 * 64, hidden.numel());
  }

  @Test
  void aSecondBackwardNeedsRetainGraphAsInPyTorch() {
    Tensor w = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
    Tensor loss = w.mul(w).sum();
    loss.backward(true);
    loss.backward();
    assertArrayEquals(new float[] {4, 8, 12}, w.grad().toFloatArray(), "two passes accumulate");
    IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
    assertTrue(e.getMessage().contains("second time"), e.getMessage());
  }

  @Test
  void anActivationSharedWithTheOutputIsNotReleased() {
    Rng rng = new Rng(14);
    // Identity and Dropout in evaluation return their input: the Linear's output is the output.
    Dropout drop = new Dropout(0.5);
    drop.train(false);
    Sequential model = new Sequential(new Linear(64, 64), new Identity(), drop);
    List<Kept> kept = new ArrayList<>();
    for (int step = 0; step < 4; step++) {
      Tensor y = model.forward(Tensor.randn(rng, 32, 64));
      kept.add(Kept.of("output, step " + step, y));
      y.sum().backward();
      for (Kept k : kept) k.check();
    }
  }

  @Test
  void thePoolNeverHandsOutTheSameArrayTwice() {
    float[] a = ArrayPool.take(4096);
    ArrayPool.give(a);
    ArrayPool.give(a); // a second give of the same array is ignored
    float[] b = ArrayPool.take(4096);
    float[] c = ArrayPool.take(4096);
    assertNotSame(b, c);
    for (float v : c) assertEquals(0f, v, "take returns zeros");
  }

  @Test
  void aPointwiseLossKeepsItsSlopesForASecondBackwardWithTheGraphKept() {
    Rng rng = new Rng(17);
    Tensor target = Tensor.randn(rng, 32, 40);
    for (Loss loss : List.of(new MSELoss(), new L1Loss(), new HuberLoss())) {
      Tensor x = Tensor.randn(rng, 32, 40).requiresGrad(true);
      Tensor l = loss.forward(x, target);
      l.backward(true);
      float[] once = x.grad().toFloatArray();
      // Other steps in between take and give back arrays of the same size.
      for (int i = 0; i < 3; i++)
        loss.forward(Tensor.randn(rng, 32, 40).requiresGrad(true), target).backward();
      l.backward();
      float[] twice = x.grad().toFloatArray();
      for (int i = 0; i < once.length; i++) {
        assertEquals(
            2 * once[i], twice[i], 1e-6f * Math.max(1f, Math.abs(once[i])), loss + " at " + i);
      }
    }
  }
}
