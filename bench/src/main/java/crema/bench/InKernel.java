package crema.bench;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workload trained inside a notebook, cell by cell, as a participant does it: {@code
 * bench/kernel/train.py} starts a kernel from the installed kernelspec and runs
 *
 * <pre>
 * var run = crema.bench.InKernel.prepare("lenet", "/path/to/bench/workloads.json");
 * run.firstEpoch()     // the first epoch in the fresh VM, timed as a whole
 * run.steadyState()    // the next epoch, timed in windows after a warm-up
 * crema.bench.InKernel.vm()
 * </pre>
 *
 * Each call returns one line of JSON. The data set and the model are built in the first cell and
 * are not timed; the epochs have the workload's configured number of steps (its {@code batches},
 * scaled by {@code $BENCH_SCALE}), the same as the PyTorch half's {@code train.py --epochs}.
 */
public final class InKernel {
  private static final Gson GSON = new Gson();

  private final String name;
  private final Workload model;
  private final TrainingLoop loop;
  private final FashionMnist test;
  private final int steps;
  private final int warmup;
  private final int window;
  private final int testBatch;

  private InKernel(String name, Bench bench) throws IOException {
    this.name = name;
    JsonObject w = bench.workloadConfig(name);
    JsonObject config = bench.config();
    int bs = config.get("batch_size").getAsInt();
    FashionMnist train = FashionMnist.load("train");
    this.test = FashionMnist.load("test");
    this.model = Bench.instantiate(name, Workload.class);
    model.build(bench.seed(), config.get("learning_rate").getAsDouble());
    model.train(true);
    this.loop = new TrainingLoop(model, train, bs, bench.seed());
    this.steps = Bench.batches(w, loop.stepsPerEpoch());
    this.warmup = Bench.scaled(w, "warmup");
    this.window = Bench.scaled(w, "window");
    this.testBatch = config.get("test_batch_size").getAsInt();
  }

  /** Loads the data set and builds the workload's model, with the given configuration file. */
  public static InKernel prepare(String workload, String configPath) throws IOException {
    return new InKernel(workload, Bench.load(Path.of(configPath)));
  }

  /**
   * The first epoch, from the first step to the last: class loading, JIT compilation and the first
   * touches of the heap are part of it, as they are of a participant's first run.
   */
  public String firstEpoch() {
    return report("first_epoch", loop.run(steps, warmup, window));
  }

  /** One more epoch in the same VM, timed in windows after the configured warm-up steps. */
  public String steadyState() {
    return report("steady_state", loop.run(steps, warmup, window));
  }

  /** The test metric after the epochs so far (accuracy, or the VAE's loss per sample). */
  public String metric() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("metric_name", model.metricName());
    m.put("metric", TrainingLoop.evaluate(model, test, testBatch));
    return GSON.toJson(m);
  }

  private String report(String phase, TrainingLoop.Timing t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("workload", name);
    m.put("phase", phase);
    m.put("steps", t.steps());
    m.put("seconds", t.seconds());
    m.put("cpu_seconds", t.cpuSeconds());
    m.put("samples_per_s", t.steps() * (double) loop.batchSize() / t.seconds());
    m.put("windows", Stats.summary(t.rates()));
    m.put("peak_rss_mb", Stats.peakRssMb());
    return GSON.toJson(m);
  }

  /**
   * The JVM this code runs in, as the report names it: JDK, collector, heap ceiling, the young
   * generation's pools, the options it was started with (the debugger agent's and the kernel's own
   * side-channel address left out), CPUs and physical or container memory.
   */
  public static String vm() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
    List<String> gcs = new ArrayList<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcs.add(gc.getName());
    }
    m.put("collectors", gcs);
    m.put("openblas_num_threads", System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "unset"));
    m.put("openblas_coretype", System.getenv().getOrDefault("OPENBLAS_CORETYPE", "unset"));
    m.put("max_heap_mb", mb(Runtime.getRuntime().maxMemory()));
    m.put(
        "initial_heap_mb", mb(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit()));
    Map<String, Object> pools = new LinkedHashMap<>();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        pools.put(p.getName(), mb(p.getUsage().getMax()));
      }
    }
    m.put("heap_pools_max_mb", pools);
    List<String> args = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-agentlib:jdwp")
          && !a.startsWith("-Xrunjdwp")
          && !a.startsWith("-Dcrema.sidechannel")) {
        args.add(a);
      }
    }
    m.put("jvm_args", args);
    m.put("processors", Runtime.getRuntime().availableProcessors());
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      m.put("memory_mb", mb(os.getTotalMemorySize()));
    }
    return GSON.toJson(m);
  }

  private static double mb(long bytes) {
    return bytes < 0 ? -1 : Math.round(bytes / (1024.0 * 1024.0) * 10) / 10.0;
  }

  /** Standalone, for comparing JVM options without a kernel: {@code InKernel WORKLOAD CONFIG}. */
  public static void main(String[] args) throws IOException {
    InKernel run = prepare(args[0], args[1]);
    System.out.println(vm());
    System.out.println(run.firstEpoch());
    System.out.println(run.steadyState());
  }
}
