package crema.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Bytes allocated per training step, for each benchmark workload, printed as one JSON object per
 * line.
 *
 * <p>Why this probe exists: with a large young generation, freshly allocated arrays are never in
 * cache, and G1 places large arrays in humongous regions, so a library that allocates megabytes per
 * step runs at a speed set by the collector's flags. The number that makes speed independent of
 * those flags is the allocation per step, measured here as the JVM counts it: {@code
 * com.sun.management.ThreadMXBean.getThreadAllocatedBytes}, summed over <em>all</em> live threads,
 * so the library's worker team is included.
 *
 * <p>Each workload is built with the bench's seed, trained for {@code warmup} steps (the JIT
 * compiles, pools and caches fill), then measured over {@code steps} steps on real Fashion-MNIST
 * batches gathered into reused buffers, so the harness itself allocates nothing inside the window.
 * The wall-clock rate over the same window is printed too (not a benchmark: one window, whatever
 * the load), with the number of collections and their time in the window.
 *
 * <p>Usage: {@code java -cp ... crema.bench.AllocationPerStep [workload ...]} (default: all six),
 * with {@code -Dcrema.alloc.warmup=60 -Dcrema.alloc.steps=100 -Dcrema.alloc.batch=64}.
 *
 * <pre>
 * {"workload": "lenet", "batch": 64, "steps": 100, "bytes_per_step": 812345, ...}
 * </pre>
 */
public final class AllocationPerStep {
  private static final String[] ALL = {"mlp", "lenet", "cnn", "lstm", "transformer", "vae"};

  private AllocationPerStep() {}

  public static void main(String[] args) throws Exception {
    String[] names = args.length > 0 ? args : ALL;
    int warmup = Integer.getInteger("crema.alloc.warmup", 60);
    int steps = Integer.getInteger("crema.alloc.steps", 100);
    int batch = Integer.getInteger("crema.alloc.batch", 64);
    FashionMnist train = FashionMnist.load("train");
    for (String name : names) {
      System.out.println(json(measure(name, train, warmup, steps, batch)));
    }
  }

  /** Trains one workload and returns its figures. */
  static Map<String, Object> measure(
      String name, FashionMnist train, int warmup, int steps, int batch) {
    Workload w = instantiate(name);
    w.build(42, 1e-3);
    w.train(true);
    Random rng = new Random(42);
    float[] x = new float[batch * 784];
    int[] y = new int[batch];
    int[] order = new int[train.n];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int perEpoch = train.n / batch;
    int step = 0;
    for (; step < warmup; step++) {
      train.gather(order, (step % perEpoch) * batch, batch, x, y);
      w.trainStep(x, y, batch);
    }
    long[] gcBefore = collections();
    long before = allocatedByAllThreads();
    long t0 = System.nanoTime();
    float loss = 0;
    for (int k = 0; k < steps; k++, step++) {
      train.gather(order, (step % perEpoch) * batch, batch, x, y);
      loss = w.trainStep(x, y, batch);
    }
    long t1 = System.nanoTime();
    long after = allocatedByAllThreads();
    long[] gcAfter = collections();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("workload", name);
    r.put("batch", batch);
    r.put("warmup", warmup);
    r.put("steps", steps);
    r.put("bytes_per_step", (after - before) / steps);
    r.put("samples_per_s", Math.round(steps * batch / ((t1 - t0) / 1e9)));
    r.put("gc_collections", gcAfter[0] - gcBefore[0]);
    r.put("gc_ms", gcAfter[1] - gcBefore[1]);
    r.put("last_loss", loss);
    r.put("jvm", Runtime.version().toString());
    r.put(
        "gc",
        String.join(
            "+",
            ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(b -> b.getName())
                .toList()));
    r.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    return r;
  }

  /**
   * The bytes every live thread has allocated so far. Threads that ended inside the window are
   * missed, which is why the window is measured after warm-up: the library's worker team is
   * long-lived by then.
   */
  static long allocatedByAllThreads() {
    var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] ids = bean.getAllThreadIds();
    long total = 0;
    for (long b : bean.getThreadAllocatedBytes(ids)) {
      if (b > 0) {
        total += b;
      }
    }
    return total;
  }

  /**
   * Collections so far and their accumulated milliseconds, over all collectors: how often the
   * window's garbage made the JVM stop, a figure that the machine's load does not blur.
   */
  static long[] collections() {
    long count = 0, ms = 0;
    for (var b : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, b.getCollectionCount());
      ms += Math.max(0, b.getCollectionTime());
    }
    return new long[] {count, ms};
  }

  /** Looked up by name so that this class compiles before (and without) the workloads. */
  private static Workload instantiate(String name) {
    String simple = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    try {
      return Workload.class.cast(
          Class.forName("crema.bench.workloads." + simple).getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("no workload " + name + ": " + e, e);
    }
  }

  private static String json(Map<String, Object> r) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Object> e : r.entrySet()) {
      Object v = e.getValue();
      String value =
          v instanceof Number
              ? String.format(Locale.ROOT, "%s", v)
              : "\"" + String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      parts.add("\"" + e.getKey() + "\": " + value);
    }
    return "{" + String.join(", ", parts) + "}";
  }
}
