package crema.nn;

import crema.backend.Blas;
import crema.backend.Parallel;
import crema.models.LeNet5;
import crema.optim.Adam;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Micro-benchmark of the library's hot layers (not a test): conv2d forward and backward at the
 * shapes of LeNet-5 and the CNN of the benchmarks, and one whole LeNet-5 training step (forward,
 * cross-entropy, backward, Adam), at batch 64. `make bench` runs it next to {@code
 * crema.tensor.GemmBenchmark}; by hand, after {@code mvn -q -B -pl library test-compile}:
 *
 * <pre>
 * java -cp "library/target/classes:library/target/test-classes:library/target/lib/*" crema.nn.LayerBenchmark
 * </pre>
 *
 * Prints the best and the median of several timed repetitions after a warm-up, in milliseconds.
 */
public final class LayerBenchmark {
  private static final int BATCH = 64;
  private static final int REPEATS = 15;

  private LayerBenchmark() {}

  public static void main(String[] args) {
    System.out.println("Blas: " + Blas.describe() + ", Parallel.threads() = " + Parallel.threads());
    Rng.manualSeed(0);
    conv("LeNet conv1 1→6 5×5 pad 2, 28×28", new Conv2d(1, 6, 5, 1, 2), 1, 28);
    conv("LeNet conv2 6→16 5×5, 14×14", new Conv2d(6, 16, 5), 6, 14);
    conv("CNN conv1 1→32 3×3 pad 1, 28×28", new Conv2d(1, 32, 3, 1, 1), 1, 28);
    conv("CNN conv2 32→64 3×3 pad 1, 14×14", new Conv2d(32, 64, 3, 1, 1), 32, 14);
    lenetStep();
  }

  private static void conv(String name, Conv2d layer, int channels, int size) {
    Tensor x = Tensor.randn(BATCH, channels, size, size).requiresGrad(true);
    double[] fwd = new double[REPEATS];
    double[] bwd = new double[REPEATS];
    for (int r = -3; r < REPEATS; r++) {
      x.zeroGrad();
      layer.zeroGrad();
      long t0 = System.nanoTime();
      Tensor y = layer.forward(x);
      long t1 = System.nanoTime();
      y.sum().backward();
      long t2 = System.nanoTime();
      if (r >= 0) {
        fwd[r] = (t1 - t0) / 1e6;
        bwd[r] = (t2 - t1) / 1e6;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%-36s forward %s   backward %s%n",
        name,
        bestAndMedian(fwd),
        bestAndMedian(bwd));
  }

  private static void lenetStep() {
    var lenet = LeNet5.create();
    var opt = new Adam(lenet.parameters(), 1e-3);
    var loss = new CrossEntropyLoss();
    Tensor x = Tensor.rand(BATCH, 1, 28, 28);
    int[] y = new int[BATCH];
    Arrays.setAll(y, i -> i % 10);
    double[] step = new double[REPEATS];
    for (int r = -5; r < REPEATS; r++) {
      long t0 = System.nanoTime();
      opt.zeroGrad();
      loss.forward(lenet.forward(x), y).backward();
      opt.step();
      if (r >= 0) {
        step[r] = (System.nanoTime() - t0) / 1e6;
      }
    }
    double best = Arrays.stream(step).min().orElse(0);
    System.out.printf(
        Locale.ROOT,
        "%-36s step %s   (%.0f samples/s at the best step)%n",
        "LeNet-5 training step, batch 64",
        bestAndMedian(step),
        BATCH / (best / 1e3));
  }

  private static String bestAndMedian(double[] ms) {
    double[] s = ms.clone();
    Arrays.sort(s);
    return String.format(Locale.ROOT, "best %7.2f ms, median %7.2f ms", s[0], s[s.length / 2]);
  }
}
