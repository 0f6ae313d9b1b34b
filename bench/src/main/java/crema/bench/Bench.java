package crema.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java half of the benchmark suite; the mirror of {@code bench/torch/train.py} and {@code
 * micro.py}, with the same configuration ({@code bench/workloads.json}) and the same JSON output.
 *
 * <pre>
 * java -cp ... crema.bench.Bench train lenet --out target/bench/raw/crema-lenet.json
 * java -cp ... crema.bench.Bench latency --out target/bench/raw/crema-latency.json
 * java -cp ... crema.bench.Bench gemm --out target/bench/raw/crema-gemm.json
 * </pre>
 *
 * <p>Workloads live in {@code crema.bench.workloads} and are looked up by name ({@code lenet} →
 * {@code Lenet}); {@code bench/run.sh} compiles each one separately, so a missing one is reported
 * as "not available yet" with the compiler's reason, instead of failing the run.
 */
public final class Bench {
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

  private final JsonObject config;

  private Bench(JsonObject config) {
    this.config = config;
  }

  /** The harness with the configuration at {@code path} ({@code bench/workloads.json}). */
  static Bench load(Path path) throws IOException {
    return new Bench(GSON.fromJson(Files.readString(path), JsonObject.class));
  }

  JsonObject config() {
    return config;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3 || !args[args.length - 2].equals("--out")) {
      System.err.println("usage: Bench (train NAME | latency | gemm) --out FILE.json");
      System.exit(2);
    }
    Path out = Path.of(args[args.length - 1]);
    Path configPath = Path.of(System.getProperty("crema.bench.config", "bench/workloads.json"));
    Bench bench = load(configPath);
    Map<String, Object> result;
    try {
      result =
          switch (args[0]) {
            case "train" -> bench.train(args[1]);
            case "latency" -> bench.latency();
            case "gemm" -> bench.gemm();
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
          };
    } catch (Unavailable e) {
      result = new LinkedHashMap<>();
      result.put("status", "unavailable");
      result.put("reason", e.getMessage());
      System.out.println(
          "crema " + args[args.length - 3] + ": not available yet (" + e.getMessage() + ")");
    } catch (RuntimeException | LinkageError e) {
      // A workload that compiles but fails at run time (an op still missing, a shape bug):
      // report it and let the suite go on.
      result = new LinkedHashMap<>();
      result.put("status", "failed");
      result.put("reason", e.toString());
      System.out.println("crema " + args[args.length - 3] + ": FAILED: " + e);
      e.printStackTrace();
    }
    result.put("environment", environment());
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, GSON.toJson(result));
  }

  // ---------------------------------------------------------------- training

  private Map<String, Object> train(String name) throws IOException {
    JsonObject w = workloadConfig(name);
    int bs = config.get("batch_size").getAsInt();
    long seed = seed();
    int warmup = scaled(w, "warmup");
    int window = scaled(w, "window");
    Workload model = instantiate(name, Workload.class);

    FashionMnist trainSet = FashionMnist.load("train");
    FashionMnist testSet = FashionMnist.load("test");
    int batches = batches(w, trainSet.n / bs);
    model.build(seed, config.get("learning_rate").getAsDouble());
    model.train(true);
    TrainingLoop.Timing timing =
        new TrainingLoop(model, trainSet, bs, seed).run(batches, warmup, window);
    List<Double> rates = timing.rates();
    List<Double> losses = timing.losses();
    double metric = TrainingLoop.evaluate(model, testSet, config.get("test_batch_size").getAsInt());

    Map<String, Object> r = new LinkedHashMap<>();
    r.put("workload", name);
    r.put("status", "ok");
    r.put("unit", "samples/s");
    r.put("throughput", Stats.summary(rates));
    r.put("batches", batches);
    r.put("batch_size", bs);
    r.put("seed", seed);
    r.put("metric_name", model.metricName());
    r.put("metric", metric);
    r.put("train_loss", losses);
    r.put("peak_rss_mb", Stats.peakRssMb());
    r.put("model", model.toString());
    @SuppressWarnings("unchecked") // Stats.summary builds this map itself
    Map<String, Object> tp = (Map<String, Object>) r.get("throughput");
    System.out.printf(
        "crema %-12s %s samples/s  %s %.4f  peak RSS %.0f MB%n",
        name, Stats.fmt(tp), model.metricName(), metric, Stats.peakRssMb());
    return r;
  }

  /** A step count from workloads.json times $BENCH_SCALE (as the PyTorch half rounds it). */
  static int scaled(JsonObject w, String key) {
    String env = System.getenv("BENCH_SCALE");
    double scale = env == null || env.isBlank() ? 1 : Double.parseDouble(env);
    return (int) Math.max(1, Math.round(w.get(key).getAsInt() * scale));
  }

  /**
   * Training steps: {@code $BENCH_EPOCHS} whole epochs when set (the accuracy-parity runs; the
   * PyTorch half reads the same variable), else the workload's {@code batches} times the scale.
   */
  static int batches(JsonObject w, int perEpoch) {
    String env = System.getenv("BENCH_EPOCHS");
    if (env == null || env.isBlank()) {
      return scaled(w, "batches");
    }
    return Math.max(1, (int) Math.round(Double.parseDouble(env) * perEpoch));
  }

  /** The seed of the weights and the shuffling: {@code $BENCH_SEED}, else workloads.json's. */
  long seed() {
    String env = System.getenv("BENCH_SEED");
    return env == null || env.isBlank() ? config.get("seed").getAsLong() : Long.parseLong(env);
  }

  // ---------------------------------------------------------------- micro figures

  /** Minimum warm-up of each latency measurement, on both sides (bench/torch/micro.py too). */
  private static final double WARM_UP_SECONDS = 2.0;

  private Map<String, Object> latency() throws IOException {
    JsonObject c = config.getAsJsonObject("latency");
    Workload lenet = instantiate("lenet", Workload.class);
    lenet.build(0, config.get("learning_rate").getAsDouble());
    lenet.train(false);
    FashionMnist test = FashionMnist.load("test");
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("status", "ok");
    r.put("unit", "ms");
    int[][] plan = {
      {1, c.get("batch1_reps").getAsInt()}, {1000, c.get("batch1000_reps").getAsInt()}
    };
    for (int[] p : plan) {
      int batch = p[0];
      int reps = p[1];
      float[] xb = test.images(batch);
      // Steady state on both sides: a tenth of the repeats and at least WARM_UP_SECONDS of calls.
      // The JIT needs the time (a few hundred calls left batch 1 in C1-compiled code at 3-6 times
      // its compiled latency); CPython's side gets the same warm-up (bench/torch/micro.py).
      int warm = Math.max(3, reps / 10);
      long warmUntil = System.nanoTime() + (long) (WARM_UP_SECONDS * 1e9);
      for (int i = 0; i < warm || System.nanoTime() < warmUntil; i++) {
        lenet.infer(xb, batch);
      }
      List<Double> times = new ArrayList<>();
      for (int i = 0; i < reps; i++) {
        long t = System.nanoTime();
        lenet.infer(xb, batch);
        times.add((System.nanoTime() - t) / 1e6);
      }
      Map<String, Object> s = Stats.summary(times);
      r.put("batch" + batch, s);
      System.out.printf(
          "crema lenet inference batch %4d: %.3f ms (min %.3f, max %.3f)%n",
          batch, s.get("median"), s.get("min"), s.get("max"));
    }
    return r;
  }

  private Map<String, Object> gemm() {
    JsonObject c = config.getAsJsonObject("gemm");
    MatmulKernel k = instantiate("gemm", MatmulKernel.class);
    double seconds = c.get("seconds_per_size").getAsDouble();
    int repeats = c.get("repeats").getAsInt();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("status", "ok");
    r.put("unit", "GFLOP/s");
    for (JsonElement e : c.getAsJsonArray("sizes")) {
      int n = e.getAsInt();
      k.prepare(n, 0);
      double flops = 2.0 * n * n * n;
      // The JIT and BLAS warm-up: a few hundred milliseconds of calls before timing.
      long warmUntil = System.nanoTime() + 300_000_000L;
      while (System.nanoTime() < warmUntil) {
        k.multiply();
      }
      long t = System.nanoTime();
      k.multiply();
      double one = Math.max((System.nanoTime() - t) / 1e9, 1e-7);
      int calls = Math.max(1, (int) (seconds / repeats / one));
      List<Double> rates = new ArrayList<>();
      for (int rep = 0; rep < repeats; rep++) {
        t = System.nanoTime();
        for (int i = 0; i < calls; i++) {
          k.multiply();
        }
        rates.add(flops * calls / ((System.nanoTime() - t) / 1e9) / 1e9);
      }
      Map<String, Object> s = Stats.summary(rates);
      r.put("n" + n, s);
      System.out.printf(
          "crema sgemm n=%4d: %.1f GFLOP/s (min %.1f, max %.1f)%n",
          n, s.get("median"), s.get("min"), s.get("max"));
    }
    return r;
  }

  // ---------------------------------------------------------------- plumbing

  JsonObject workloadConfig(String name) {
    for (JsonElement e : config.getAsJsonArray("workloads")) {
      if (e.getAsJsonObject().get("name").getAsString().equals(name)) {
        return e.getAsJsonObject();
      }
    }
    throw new IllegalArgumentException("unknown workload '" + name + "' (not in workloads.json)");
  }

  /** Thrown when a workload's class was not compiled: its layers are not in the library yet. */
  private static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }
  }

  static <T> T instantiate(String name, Class<T> type) {
    String simple = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    String className = "crema.bench.workloads." + simple;
    try {
      return type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
    } catch (ClassNotFoundException | NoClassDefFoundError e) {
      throw new Unavailable(compileReason(simple));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate " + className + ": " + e, e);
    }
  }

  /** The first compiler error for a workload, from the log bench/run.sh keeps. */
  private static String compileReason(String simple) {
    String dir = System.getProperty("crema.bench.logs");
    if (dir != null) {
      try {
        for (String line : Files.readAllLines(Path.of(dir, simple + ".log"))) {
          if (line.contains("error:")) {
            return line.substring(line.indexOf("error:")).trim();
          }
        }
      } catch (IOException e) {
        // no log: fall through to the generic reason
      }
    }
    return "the library lacks what crema.bench.workloads." + simple + " needs";
  }

  private static Map<String, Object> environment() {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("side", "crema");
    env.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
    env.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
    env.put("processors", Runtime.getRuntime().availableProcessors());
    env.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0));
    env.put("blas", blasImplementation());
    env.put("OPENBLAS_CORETYPE", System.getenv("OPENBLAS_CORETYPE"));
    env.put("OPENBLAS_NUM_THREADS", System.getenv("OPENBLAS_NUM_THREADS"));
    return env;
  }

  /** Which netlib implementation the library's GEMM would get (JNI to OpenBLAS, or a fallback). */
  private static String blasImplementation() {
    try {
      Object blas =
          Class.forName("dev.ludovic.netlib.blas.BLAS").getMethod("getInstance").invoke(null);
      return blas.getClass().getName();
    } catch (ReflectiveOperationException | LinkageError e) {
      return "unknown (" + e + ")";
    }
  }
}
