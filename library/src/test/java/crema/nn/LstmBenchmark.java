package crema.nn;

import crema.backend.Blas;
import crema.backend.Parallel;
import crema.optim.Adam;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Micro-benchmark (not a test) of one training step of the benchmark's LSTM workload: hidden 128
 * over the 28 rows of a 28×28 image, batch 64, last hidden state → Linear(128, 10), cross-entropy,
 * Adam. It times, alternating in the same JVM so that load hits all alike: the fused {@link LSTM}
 * ({@link crema.nn.ops.LstmFunction}), the same layer on its composed reference path, and the cell
 * composed by hand from small ops (what a user writes without the fused layer). After {@code mvn -q
 * -B -pl library test-compile}:
 *
 * <pre>
 * OPENBLAS_NUM_THREADS=1 java -cp "library/target/classes:library/target/test-classes:library/target/lib/*" crema.nn.LstmBenchmark
 * </pre>
 *
 * Arguments, if any, pick the variants to time by number (0 fused, 1 composed path, 2 by hand),
 * e.g. {@code 0} alone for a profile of the fused layer.
 */
public final class LstmBenchmark {
  private static final int BATCH = 64;
  private static final int IN = 28;
  private static final int HIDDEN = 128;
  private static final int ROUNDS = 7;
  private static final int STEPS_PER_ROUND = 10;

  private LstmBenchmark() {}

  /** The LSTM layer (fused or its composed path) plus the head. */
  private static final class LayerModel extends Module {
    final LSTM lstm = new LSTM(IN, HIDDEN);
    final Linear fc = new Linear(HIDDEN, 10);

    LayerModel(boolean fused) {
      lstm.fused = fused;
    }

    @Override
    public Tensor forward(Tensor x) {
      int b = x.size(0);
      return fc.forward(lstm.forwardWithState(x).hN().reshape(b, HIDDEN));
    }
  }

  /** The cell composed by hand, as the benchmark workload did before the fused layer. */
  private static final class HandModel extends Module {
    final Linear ih = new Linear(IN, 4 * HIDDEN);
    final Linear hh = new Linear(HIDDEN, 4 * HIDDEN);
    final Linear fc = new Linear(HIDDEN, 10);

    @Override
    public Tensor forward(Tensor x) {
      int b = x.size(0);
      int t = x.size(1);
      Tensor gx = ih.forward(x.reshape(b * t, IN)).reshape(b, t, 4 * HIDDEN);
      Tensor h = Tensor.zeros(b, HIDDEN);
      Tensor c = Tensor.zeros(b, HIDDEN);
      for (int s = 0; s < t; s++) {
        Tensor g = gx.slice(1, s, s + 1).reshape(b, 4 * HIDDEN).add(hh.forward(h));
        Tensor i = g.slice(1, 0, HIDDEN).sigmoid();
        Tensor f = g.slice(1, HIDDEN, 2 * HIDDEN).sigmoid();
        Tensor gg = g.slice(1, 2 * HIDDEN, 3 * HIDDEN).tanh();
        Tensor o = g.slice(1, 3 * HIDDEN, 4 * HIDDEN).sigmoid();
        c = f.mul(c).add(i.mul(gg));
        h = o.mul(c.tanh());
      }
      return fc.forward(h);
    }
  }

  public static void main(String[] args) {
    System.out.println("Blas: " + Blas.describe() + ", Parallel.threads() = " + Parallel.threads());
    Rng.manualSeed(0);
    Module[] all = {new LayerModel(true), new LayerModel(false), new HandModel()};
    String[] allNames = {"LSTM fused", "LSTM composed path", "cell composed by hand"};
    int[] pick = args.length == 0 ? new int[] {0, 1, 2} : new int[args.length];
    for (int i = 0; i < args.length; i++) pick[i] = Integer.parseInt(args[i]);
    Module[] models = new Module[pick.length];
    String[] names = new String[pick.length];
    for (int i = 0; i < pick.length; i++) {
      models[i] = all[pick[i]];
      names[i] = allNames[pick[i]];
    }
    Adam[] opts = new Adam[models.length];
    for (int m = 0; m < models.length; m++) opts[m] = new Adam(models[m].parameters(), 1e-3);
    var loss = new CrossEntropyLoss();
    Tensor x = Tensor.rand(BATCH, IN, IN);
    int[] y = new int[BATCH];
    Arrays.setAll(y, i -> i % 10);
    double[][] ms = new double[models.length][ROUNDS * STEPS_PER_ROUND];
    for (int round = -1; round < ROUNDS; round++) {
      for (int m = 0; m < models.length; m++) {
        for (int s = 0; s < STEPS_PER_ROUND; s++) {
          long t0 = System.nanoTime();
          opts[m].zeroGrad();
          loss.forward(models[m].forward(x), y).backward();
          opts[m].step();
          if (round >= 0) ms[m][round * STEPS_PER_ROUND + s] = (System.nanoTime() - t0) / 1e6;
        }
      }
    }
    for (int m = 0; m < models.length; m++) {
      double[] s = ms[m].clone();
      Arrays.sort(s);
      double median = s[s.length / 2];
      System.out.printf(
          Locale.ROOT,
          "%-24s training step median %7.2f ms, best %7.2f ms (%.0f samples/s at the median)%n",
          names[m],
          median,
          s[0],
          BATCH / (median / 1e3));
    }
  }
}
