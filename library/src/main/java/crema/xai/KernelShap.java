package crema.xai;

import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Function;

/**
 * KernelSHAP (Lundberg and Lee, 2017): Shapley values of a model's output for tabular inputs,
 * estimated by a weighted linear regression over feature coalitions.
 *
 * <p>A coalition {@code z ∈ {0,1}^M} keeps the features where {@code z_i = 1} and replaces the
 * others by background rows; its value {@code v(z)} is the model's mean output over the background.
 * Shapley values are the solution of
 *
 * <pre>
 * min_φ Σ_z π(z) (v(z) − φ₀ − Σ_i z_i φ_i)²,   π(z) = (M − 1) / (C(M, |z|) · |z| · (M − |z|))
 * </pre>
 *
 * with {@code φ₀ = E[f(background)]} and the constraint {@code Σ φ_i = f(x) − φ₀} (efficiency).
 * With up to {@link #EXACT_LIMIT} features every coalition is enumerated, which gives the exact
 * Shapley values (for independent features); above, {@code samples} coalitions are drawn with the
 * given seed, in proportion to the kernel.
 *
 * <pre>{@code
 * var shap = new KernelShap(x -> model.forward(x).slice(1, 1, 2).reshape(-1), background);
 * double[] phi = shap.explain(row, 2048, new Rng(0));   // one value per feature
 * }</pre>
 */
public final class KernelShap {
  /** Enumerate all coalitions up to this many features. */
  public static final int EXACT_LIMIT = 14;

  private final Function<Tensor, Tensor> model;
  private final Tensor background;
  private final double expectedValue;

  /**
   * @param model maps {@code [N, M]} to one output per row, {@code [N]} (or {@code [N, 1]})
   * @param background typical rows {@code [B, M]}: "feature unknown" means "as in these rows"
   */
  public KernelShap(Function<Tensor, Tensor> model, Tensor background) {
    if (background.dim() != 2 || background.size(0) == 0) {
      throw new IllegalArgumentException(
          "KernelShap: background must be rows [B, M], got " + Arrays.toString(background.shape()));
    }
    this.model = model;
    this.background = background;
    this.expectedValue = mean(evaluate(background));
  }

  /** {@code φ₀}: the model's mean output over the background. */
  public double expectedValue() {
    return expectedValue;
  }

  /**
   * The Shapley values of {@code x} ({@code [M]} or {@code [1, M]}), one per feature; they add up
   * to {@code f(x) − expectedValue()}.
   */
  public double[] explain(Tensor x, int samples, Rng rng) {
    int m = background.size(1);
    if (x.numel() != m) {
      throw new IllegalArgumentException(
          "KernelShap: the input has " + x.numel() + " features, the background " + m);
    }
    float[] row = x.reshape(1, m).toFloatArray();
    double fx = evaluate(Tensor.of(row, 1, m))[0];
    double total = fx - expectedValue;
    if (m == 1) {
      return new double[] {total};
    }
    boolean[][] coalitions = m <= EXACT_LIMIT ? allCoalitions(m) : sampled(m, samples, rng);
    int n = coalitions.length;
    double[] values = coalitionValues(row, coalitions);
    // Eliminate φ_M with the efficiency constraint: φ_M = total − Σ_{i<M} φ_i.
    double[][] design = new double[n][m - 1];
    double[] target = new double[n];
    double[] weight = new double[n];
    for (int k = 0; k < n; k++) {
      boolean[] z = coalitions[k];
      double zLast = z[m - 1] ? 1 : 0;
      for (int i = 0; i < m - 1; i++) {
        design[k][i] = (z[i] ? 1 : 0) - zLast;
      }
      target[k] = values[k] - expectedValue - zLast * total;
      weight[k] = m <= EXACT_LIMIT ? kernel(m, size(z)) : 1; // sampled ∝ kernel already
    }
    double[] head = WeightedLeastSquares.solve(design, target, weight, 0);
    double[] phi = Arrays.copyOf(head, m);
    double rest = total;
    for (double v : head) {
      rest -= v;
    }
    phi[m - 1] = rest;
    return phi;
  }

  /** The Shapley kernel weight of a coalition of size s among m features. */
  static double kernel(int m, int s) {
    return (m - 1) / (binomial(m, s) * s * (double) (m - s));
  }

  private double[] coalitionValues(float[] row, boolean[][] coalitions) {
    int b = background.size(0);
    int m = row.length;
    float[] bg = background.data();
    double[] out = new double[coalitions.length];
    // Coalitions in chunks, each expanded over the background rows, as one model call.
    int chunk = Math.max(1, 8192 / b);
    for (int start = 0; start < coalitions.length; start += chunk) {
      int end = Math.min(coalitions.length, start + chunk);
      float[] batch = new float[(end - start) * b * m];
      for (int k = start; k < end; k++) {
        boolean[] z = coalitions[k];
        for (int r = 0; r < b; r++) {
          int off = ((k - start) * b + r) * m;
          for (int i = 0; i < m; i++) {
            batch[off + i] = z[i] ? row[i] : bg[r * m + i];
          }
        }
      }
      double[] f = evaluate(Tensor.of(batch, (end - start) * b, m));
      for (int k = start; k < end; k++) {
        out[k] = mean(Arrays.copyOfRange(f, (k - start) * b, (k - start + 1) * b));
      }
    }
    return out;
  }

  private double[] evaluate(Tensor rows) {
    try (var g = Tensor.noGrad()) {
      Tensor y = model.apply(rows);
      if (y.numel() != rows.size(0)) {
        throw new IllegalArgumentException(
            "KernelShap: the model must give one output per row; got "
                + Arrays.toString(y.shape())
                + " for "
                + rows.size(0)
                + " rows (select one class column)");
      }
      float[] f = y.toFloatArray();
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        d[i] = f[i];
      }
      return d;
    }
  }

  /** Every coalition except the empty and the full one (their values are fixed by φ₀ and f(x)). */
  private static boolean[][] allCoalitions(int m) {
    int n = (1 << m) - 2;
    boolean[][] out = new boolean[n][m];
    for (int mask = 1; mask <= n; mask++) {
      for (int i = 0; i < m; i++) {
        out[mask - 1][i] = (mask & (1 << i)) != 0;
      }
    }
    return out;
  }

  /** Coalitions drawn by size in proportion to the kernel's total weight of that size. */
  private static boolean[][] sampled(int m, int samples, Rng rng) {
    double[] bySize = new double[m];
    double total = 0;
    for (int s = 1; s < m; s++) {
      bySize[s] = kernel(m, s) * binomial(m, s);
      total += bySize[s];
    }
    boolean[][] out = new boolean[samples][];
    for (int k = 0; k < samples; k++) {
      double u = rng.nextFloat() * total;
      int s = 1;
      while (s < m - 1 && u > bySize[s]) {
        u -= bySize[s];
        s++;
      }
      int[] perm = rng.permutation(m);
      boolean[] z = new boolean[m];
      for (int i = 0; i < s; i++) {
        z[perm[i]] = true;
      }
      out[k] = z;
    }
    return out;
  }

  private static int size(boolean[] z) {
    int s = 0;
    for (boolean b : z) {
      if (b) {
        s++;
      }
    }
    return s;
  }

  private static double binomial(int n, int k) {
    double r = 1;
    for (int i = 1; i <= k; i++) {
      r = r * (n - k + i) / i;
    }
    return r;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }
}
