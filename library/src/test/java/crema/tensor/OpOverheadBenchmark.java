package crema.tensor;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Per-op overhead of small-tensor training steps (not a test): a composed LSTM step, a small MLP
 * step and the elementwise activations, forward and backward, A/B between two builds of the library
 * in one JVM. Each build gets its own class loader; the rounds alternate old and new, and the
 * medians are printed. Run from the worktree root, after saving the old build's classes:
 *
 * <pre>
 * cp -r library/target/classes /tmp/core-old/classes        # before the change
 * mvn -q -B -pl library test-compile                          # after it
 * java -cp library/target/test-classes:$(cat cp.txt) crema.tensor.OpOverheadBenchmark \
 *     /tmp/core-old/classes library/target/classes
 * </pre>
 *
 * With no arguments it measures only the current build.
 */
public final class OpOverheadBenchmark {
  private OpOverheadBenchmark() {}

  private static final String[] WORKLOADS = {"lstm", "mlp", "act", "bias", "softmax"};

  public static void main(String[] args) throws Exception {
    String[] builds = args.length > 0 ? args : new String[] {null};
    URL tests = OpOverheadBenchmark.class.getProtectionDomain().getCodeSource().getLocation();
    List<Method> runners = new ArrayList<>();
    for (String b : builds) {
      if (b == null) {
        runners.add(OpOverheadBenchmark.class.getMethod("run", String.class, int.class));
        continue;
      }
      List<URL> urls = new ArrayList<>();
      urls.add(new File(b).toURI().toURL());
      urls.add(tests);
      for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) {
        if (p.endsWith(".jar")) {
          urls.add(new File(p).toURI().toURL());
        }
      }
      ClassLoader cl =
          new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
      Class<?> c = Class.forName(OpOverheadBenchmark.class.getName(), true, cl);
      runners.add(c.getMethod("run", String.class, int.class));
    }
    int rounds = Integer.getInteger("rounds", 9);
    String only = System.getProperty("workloads");
    for (String w : only == null ? WORKLOADS : only.split(",")) {
      double[][] t = new double[runners.size()][rounds];
      for (Method m : runners) {
        m.invoke(null, w, 30); // warm-up
      }
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < runners.size(); k++) {
          t[k][r] = (double) runners.get(k).invoke(null, w, 20);
        }
      }
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-5s", w));
      for (int k = 0; k < runners.size(); k++) {
        Arrays.sort(t[k]);
        sb.append(String.format(Locale.ROOT, "  build%d %8.1f us/step", k, t[k][rounds / 2] / 1e3));
      }
      if (runners.size() == 2) {
        sb.append(
            String.format(Locale.ROOT, "  old/new %.2f", t[0][rounds / 2] / t[1][rounds / 2]));
      }
      System.out.println(sb);
    }
  }

  /** Runs {@code iters} steps of {@code workload}; returns nanoseconds per step. */
  public static double run(String workload, int iters) {
    Rng rng = new Rng(1);
    switch (workload) {
      case "lstm":
        return lstm(rng, iters);
      case "mlp":
        return mlp(rng, iters);
      case "act":
        return activations(rng, iters);
      case "bias":
        return bias(rng, iters);
      case "softmax":
        return softmax(rng, iters);
      default:
        throw new IllegalArgumentException(workload);
    }
  }

  /** 16 steps of a composed LSTM cell, batch 32, input 32, hidden 64, then backward. */
  private static double lstm(Rng rng, int iters) {
    int batch = 32;
    int in = 32;
    int hid = 64;
    Tensor wx = Tensor.randn(rng, in, 4 * hid).mul(0.1f).detach().requiresGrad(true);
    Tensor wh = Tensor.randn(rng, hid, 4 * hid).mul(0.1f).detach().requiresGrad(true);
    Tensor b = Tensor.zeros(4 * hid).requiresGrad(true);
    Tensor x = Tensor.randn(rng, batch, in);
    long t0 = System.nanoTime();
    for (int it = 0; it < iters; it++) {
      Tensor h = Tensor.zeros(batch, hid);
      Tensor c = Tensor.zeros(batch, hid);
      for (int s = 0; s < 16; s++) {
        Tensor z = x.matmul(wx).add(h.matmul(wh)).add(b);
        List<Tensor> g = z.split(hid, 1);
        Tensor i = g.get(0).sigmoid();
        Tensor f = g.get(1).sigmoid();
        Tensor gg = g.get(2).tanh();
        Tensor o = g.get(3).sigmoid();
        c = f.mul(c).add(i.mul(gg));
        h = o.mul(c.tanh());
      }
      h.mul(h).mean().backward();
      wx.zeroGrad();
      wh.zeroGrad();
      b.zeroGrad();
    }
    return (System.nanoTime() - t0) / (double) iters;
  }

  /** A 64-128-128-10 MLP step with a bias add, relu and MSE loss. */
  private static double mlp(Rng rng, int iters) {
    Tensor w1 = Tensor.randn(rng, 64, 128).mul(0.1f).detach().requiresGrad(true);
    Tensor b1 = Tensor.zeros(128).requiresGrad(true);
    Tensor w2 = Tensor.randn(rng, 128, 128).mul(0.1f).detach().requiresGrad(true);
    Tensor b2 = Tensor.zeros(128).requiresGrad(true);
    Tensor w3 = Tensor.randn(rng, 128, 10).mul(0.1f).detach().requiresGrad(true);
    Tensor b3 = Tensor.zeros(10).requiresGrad(true);
    Tensor x = Tensor.randn(rng, 32, 64);
    Tensor y = Tensor.randn(rng, 32, 10);
    long t0 = System.nanoTime();
    for (int it = 0; it < iters; it++) {
      Tensor h = x.matmul(w1).add(b1).relu();
      h = h.matmul(w2).add(b2).tanh();
      Tensor d = h.matmul(w3).add(b3).sub(y);
      d.mul(d).mean().backward();
      for (Tensor p : new Tensor[] {w1, b1, w2, b2, w3, b3}) {
        p.zeroGrad();
      }
    }
    return (System.nanoTime() - t0) / (double) iters;
  }

  /** sigmoid, tanh and exp on [64, 256], forward and backward. */
  private static double activations(Rng rng, int iters) {
    Tensor x = Tensor.randn(rng, 64, 256).requiresGrad(true);
    long t0 = System.nanoTime();
    for (int it = 0; it < iters; it++) {
      x.sigmoid().add(x.tanh()).add(x.mul(0.5f).exp()).sum().backward();
      x.zeroGrad();
    }
    return (System.nanoTime() - t0) / (double) iters;
  }

  /** Bias-shaped adds: [64, 16, 14, 14] + [1, 16, 1, 1] and [64, 512] + [512], with backward. */
  private static double bias(Rng rng, int iters) {
    Tensor x = Tensor.randn(rng, 64, 16, 14, 14).requiresGrad(true);
    Tensor bc = Tensor.randn(rng, 1, 16, 1, 1).requiresGrad(true);
    Tensor y = Tensor.randn(rng, 64, 512).requiresGrad(true);
    Tensor by = Tensor.randn(rng, 512).requiresGrad(true);
    long t0 = System.nanoTime();
    for (int it = 0; it < iters; it++) {
      x.add(bc).sum().add(y.add(by).sum()).backward();
      x.zeroGrad();
      bc.zeroGrad();
      y.zeroGrad();
      by.zeroGrad();
    }
    return (System.nanoTime() - t0) / (double) iters;
  }

  /** Attention-shaped softmax over the last dimension of [256, 64, 64], forward and backward. */
  private static double softmax(Rng rng, int iters) {
    Tensor x = Tensor.randn(rng, 256, 64, 64).requiresGrad(true);
    Tensor w = Tensor.randn(rng, 256, 64, 64);
    long t0 = System.nanoTime();
    for (int it = 0; it < iters; it++) {
      x.softmax(-1).mul(w).sum().backward();
      x.zeroGrad();
    }
    return (System.nanoTime() - t0) / (double) iters;
  }
}
