package crema.bench.proto;

import crema.bench.workloads.Cnn;
import crema.bench.workloads.Lenet;
import crema.nn.CrossEntropyLoss;
import crema.nn.MaxPool2d;
import crema.nn.Module;
import crema.optim.Adam;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * The training step of the LeNet-5 and CNN workloads (zeroGrad, forward, cross-entropy, backward,
 * Adam at batch 64) on random images, timed alone: for A/B runs of two library builds, alternated
 * in separate JVMs on the same machine (the workloads' real data and PyTorch are not needed to see
 * whether a library change makes the step faster).
 *
 * <pre>
 * java -cp LIBRARY_CLASSES:LIB_JARS:bench-classes crema.bench.proto.ConvStep [lenet|cnn] [seconds]
 * </pre>
 *
 * Prints the median samples/s over one-second windows after a warm-up, and the calling thread's CPU
 * time per step: with {@code -Dcrema.threads=1} and {@code OPENBLAS_NUM_THREADS=1} that is the
 * whole step's work, a figure a busy machine disturbs far less than wall time.
 */
public final class ConvStep {
  private static final int BATCH = 64;
  private static final java.lang.management.ThreadMXBean CPU =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private ConvStep() {}

  public static void main(String[] args) {
    String which = args.length > 0 ? args[0] : "lenet";
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 8;
    if (which.startsWith("pool")) {
      pool(which.equals("pool-cnn") ? 32 : 6, seconds);
      return;
    }
    Rng.manualSeed(1);
    Module model = which.equals("cnn") ? cnn() : lenet();
    Adam opt = new Adam(model.parameters(), 1e-3);
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    Rng rng = new Rng(2);
    float[] images = Tensor.rand(rng, BATCH, 1, 28, 28).data();
    int[] labels = new int[BATCH];
    Arrays.setAll(labels, i -> i % 10);
    Runnable step =
        () -> {
          opt.zeroGrad();
          Tensor logits = model.forward(Tensor.of(images, BATCH, 1, 28, 28));
          lossFn.forward(logits, labels).backward();
          opt.step();
        };
    long warm = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() < warm) step.run();
    int windows = Math.max(3, (int) seconds);
    double[] rate = new double[windows];
    double[] cpu = new double[windows];
    for (int k = 0; k < windows; k++) {
      long t0 = System.nanoTime();
      long c0 = CPU.getCurrentThreadCpuTime();
      long end = t0 + 1_000_000_000L;
      int steps = 0;
      while (System.nanoTime() < end) {
        step.run();
        steps++;
      }
      rate[k] = steps * BATCH / ((System.nanoTime() - t0) / 1e9);
      cpu[k] = (CPU.getCurrentThreadCpuTime() - c0) / 1e6 / steps;
    }
    Arrays.sort(rate);
    Arrays.sort(cpu);
    System.out.printf(
        Locale.ROOT,
        "%s: median %.0f samples/s (min %.0f, max %.0f); calling thread CPU %.2f ms/step%n",
        which,
        rate[windows / 2],
        rate[0],
        rate[windows - 1],
        cpu[windows / 2]);
  }

  /** Max pooling 2x2 forward and backward on a conv1 output of the workloads, median ms. */
  private static void pool(int channels, double seconds) {
    Tensor x = Tensor.randn(new Rng(3), BATCH, channels, 28, 28).requiresGrad(true);
    Tensor g = Tensor.randn(new Rng(4), BATCH, channels, 14, 14);
    MaxPool2d pool = new MaxPool2d(2);
    Runnable step = () -> pool.forward(x).backward(g);
    long warm = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() < warm) step.run();
    int reps = Math.max(5, (int) (seconds * 4));
    double[] ms = new double[reps];
    double[] cpu = new double[reps];
    for (int k = 0; k < reps; k++) {
      long t0 = System.nanoTime();
      long c0 = CPU.getCurrentThreadCpuTime();
      for (int i = 0; i < 20; i++) step.run();
      ms[k] = (System.nanoTime() - t0) / 1e6 / 20;
      cpu[k] = (CPU.getCurrentThreadCpuTime() - c0) / 1e6 / 20;
    }
    Arrays.sort(ms);
    Arrays.sort(cpu);
    System.out.printf(
        Locale.ROOT,
        "maxPool2d fwd+bwd [64, %d, 28, 28]: median %.3f ms, calling thread CPU %.3f ms%n",
        channels,
        ms[reps / 2],
        cpu[reps / 2]);
  }

  static Module lenet() {
    return Lenet.model();
  }

  static Module cnn() {
    return Cnn.model();
  }
}
