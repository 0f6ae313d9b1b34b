package crema.bench.proto;

import crema.backend.Parallel;
import crema.nn.F;
import crema.nn.Parameter;
import crema.optim.Adam;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures two of the recommendations in docs/performance.md before their owners adopt them: the
 * library's op against a prototype of the proposed fast path, in the same JVM, on the shapes of the
 * benchmark's workloads. The prototypes live here, not in the library, which belongs to the nn and
 * optim engineers.
 *
 * <pre>
 * java -cp ... crema.bench.proto.PoolAndAdam
 * </pre>
 */
public final class PoolAndAdam {
  private PoolAndAdam() {}

  public static void main(String[] args) {
    pool(new int[] {64, 32, 28, 28}, "CNN conv1 output");
    pool(new int[] {64, 6, 28, 28}, "LeNet conv1 output");
    adam(new int[][] {{256, 784}, {256}, {128, 256}, {128}, {10, 128}, {10}}, "MLP parameters");
  }

  // ------------------------------------------------------------------ max pooling 2×2, stride 2

  private static void pool(int[] shape, String what) {
    Tensor x = Tensor.randn(new Rng(1), shape);
    int planes = shape[0] * shape[1];
    int h = shape[2];
    int w = shape[3];
    float[] out = new float[planes * (h / 2) * (w / 2)];
    byte[] winner = new byte[out.length];
    // Same result first: the prototype must agree with the library exactly.
    float[] ref;
    try (var g = Tensor.noGrad()) {
      ref = F.maxPool2d(x, 2).data();
    }
    pool2x2(x.data(), planes, h, w, out, winner);
    if (!Arrays.equals(ref, out)) {
      throw new AssertionError("prototype max pooling disagrees with the library");
    }
    double lib =
        time(
            () -> {
              try (var g = Tensor.noGrad()) {
                F.maxPool2d(x, 2);
              }
            });
    // The prototype allocates its outputs too, as an op must.
    double proto =
        time(() -> pool2x2(x.data(), planes, h, w, new float[out.length], new byte[out.length]));
    System.out.printf(
        "maxPool2d 2x2 %s %s: library %.3f ms, prototype %.3f ms (%.1fx)%n",
        Arrays.toString(shape), what, lib, proto, lib / proto);
  }

  /**
   * The proposed fast path: two input rows at a time, no per-output bounds, the winner as a 2-bit
   * offset, planes split over the cores. {@code Math.max} propagates NaN as PyTorch does.
   */
  static void pool2x2(float[] x, int planes, int h, int w, float[] out, byte[] winner) {
    int oh = h / 2;
    int ow = w / 2;
    Parallel.parallelFor(
        planes,
        Math.max(1, 4096 / (h * w)),
        (from, to) -> {
          for (int p = from; p < to; p++) {
            int in = p * h * w;
            int o = p * oh * ow;
            for (int i = 0; i < oh; i++) {
              int r0 = in + 2 * i * w;
              int r1 = r0 + w;
              for (int j = 0; j < ow; j++, o++) {
                float a = x[r0 + 2 * j];
                float b = x[r0 + 2 * j + 1];
                float c = x[r1 + 2 * j];
                float d = x[r1 + 2 * j + 1];
                float m = Math.max(Math.max(a, b), Math.max(c, d));
                out[o] = m;
                // first index of the maximum in PyTorch's scan order (a, b, c, d)
                winner[o] = (byte) (m == a ? 0 : m == b ? 1 : m == c ? 2 : 3);
              }
            }
          }
        });
  }

  // ------------------------------------------------------------------ Adam

  private static void adam(int[][] shapes, String what) {
    Rng rng = new Rng(2);
    List<Parameter> params = new ArrayList<>();
    int total = 0;
    for (int[] s : shapes) {
      Parameter p = new Parameter(Tensor.randn(rng, s));
      p.backward(Tensor.randn(rng, s)); // a leaf: backward sets its gradient
      params.add(p);
      total += p.numel();
    }
    Adam opt = new Adam(params, 1e-3);
    double lib = time(opt::step);
    float[][] m = new float[params.size()][];
    float[][] v = new float[params.size()][];
    for (int i = 0; i < params.size(); i++) {
      m[i] = new float[params.get(i).numel()];
      v[i] = new float[params.get(i).numel()];
    }
    int[] step = {0};
    double proto =
        time(
            () -> {
              step[0]++;
              for (int i = 0; i < params.size(); i++) {
                adamStep(params.get(i).data(), params.get(i).grad().data(), m[i], v[i], step[0]);
              }
            });
    System.out.printf(
        "Adam.step %s (%,d values): library %.3f ms, prototype %.3f ms (%.1fx)%n",
        what, total, lib, proto, lib / proto);
  }

  /** Adam without the amsgrad test in the loop, split over the cores for large tensors. */
  static void adamStep(float[] w, float[] g, float[] m, float[] v, int t) {
    double beta1 = 0.9;
    double beta2 = 0.999;
    float b1 = 0.9f;
    float b2 = 0.999f;
    float eps = 1e-8f;
    float stepSize = (float) (1e-3 / (1 - Math.pow(beta1, t)));
    float bias2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, t));
    Parallel.parallelFor(
        w.length,
        1 << 15,
        (from, to) -> {
          for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = m[i] * b1 + (1 - b1) * gi;
            float vi = v[i] * b2 + (1 - b2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            w[i] -= stepSize * (mi / ((float) Math.sqrt(vi) / bias2Sqrt + eps));
          }
        });
  }

  // ------------------------------------------------------------------ timing

  /** Median milliseconds per call over 15 repeats of a 50 ms batch, after a 0.5 s warm-up. */
  private static double time(Runnable r) {
    long warm = System.nanoTime() + 500_000_000L;
    int calls = 0;
    while (System.nanoTime() < warm) {
      r.run();
      calls++;
    }
    int perRepeat = Math.max(1, calls / 10);
    double[] ms = new double[15];
    for (int k = 0; k < ms.length; k++) {
      long t = System.nanoTime();
      for (int i = 0; i < perRepeat; i++) {
        r.run();
      }
      ms[k] = (System.nanoTime() - t) / 1e6 / perRepeat;
    }
    Arrays.sort(ms);
    return ms[ms.length / 2];
  }
}
