package crema.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The training loop of a Crema measurement: batches drawn from a seeded shuffle of the training
 * set, one optimisation step each, timed in windows. The standalone harness ({@link Bench}) and the
 * notebook run ({@link InKernel}) share it, so both train on the same batches in the same order as
 * the PyTorch half ({@code bench/torch/train.py}).
 *
 * <p>The step counter carries over between calls to {@link #run}: a second call continues with the
 * next batches, and a new shuffle starts at each epoch boundary (the last partial batch is dropped,
 * as the PyTorch half does).
 */
public final class TrainingLoop {
  /** Wall and CPU time of one {@link #run}, and the per-window throughput after the warm-up. */
  public record Timing(
      int steps, double seconds, double cpuSeconds, List<Double> rates, List<Double> losses) {}

  private final Workload model;
  private final FashionMnist data;
  private final int batch;
  private final int perEpoch;
  private final Random rng;
  private final float[] x;
  private final int[] y;
  private int[] order;
  private long step;

  public TrainingLoop(Workload model, FashionMnist data, int batch, long seed) {
    this.model = model;
    this.data = data;
    this.batch = batch;
    this.perEpoch = data.n / batch;
    this.rng = new Random(seed);
    this.order = permutation(data.n, rng);
    this.x = new float[batch * 784];
    this.y = new int[batch];
  }

  /** Examples per step. */
  public int batchSize() {
    return batch;
  }

  /** Steps in one epoch (the training set divided by the batch size, rounded down). */
  public int stepsPerEpoch() {
    return perEpoch;
  }

  /**
   * Trains {@code steps} steps; after {@code warmup} untimed ones, each {@code window} steps is one
   * timed repeat (samples/s). The wall and CPU seconds cover all {@code steps}.
   */
  public Timing run(int steps, int warmup, int window) {
    List<Double> rates = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    long cpu0 = processCpuNanos();
    long start = System.nanoTime();
    long t0 = start;
    for (int i = 0; i < steps; i++, step++) {
      int inEpoch = (int) (step % perEpoch);
      if (inEpoch == 0 && step > 0) {
        order = permutation(data.n, rng);
      }
      data.gather(order, inEpoch * batch, batch, x, y);
      float loss = model.trainStep(x, y, batch);
      int k = i - warmup + 1; // steps done since the warm-up ended
      if (k == 0) {
        t0 = System.nanoTime();
      } else if (k > 0 && k % window == 0) {
        long t1 = System.nanoTime();
        rates.add(window * batch / ((t1 - t0) / 1e9));
        losses.add((double) loss);
        t0 = t1;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Timing(steps, seconds, (processCpuNanos() - cpu0) / 1e9, rates, losses);
  }

  /** Test metric over a whole set, in evaluation mode: accuracy, or the loss per sample. */
  public static double evaluate(Workload model, FashionMnist test, int testBatch) {
    model.train(false);
    double total = 0;
    int[] all = new int[test.n];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    for (int j = 0; j < test.n; j += testBatch) {
      int b = Math.min(testBatch, test.n - j);
      float[] tx = new float[b * 784];
      int[] ty = new int[b];
      test.gather(all, j, b, tx, ty);
      total += model.evaluate(tx, ty, b);
    }
    model.train(true);
    return total / test.n;
  }

  /** CPU time of the whole process (all threads, the collector's too), or -1 if unknown. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static int[] permutation(int n, Random rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
