package crema.viz;

import java.util.Arrays;

/**
 * Principal component analysis of {@code n} points in {@code d} dimensions: the directions of
 * largest variance, found as the top eigenvectors of the covariance matrix {@code C = XcᵀXc / (n −
 * 1)} ({@code Xc} the centred data) by power iteration with deflation. Used by {@link
 * LatentScatter} to flatten embeddings to 2-D.
 *
 * <pre>{@code
 * Pca pca = Pca.fit(points, n, d, 2);
 * float[] xy = pca.transform(points, n);          // [n, 2]
 * pca.explainedVarianceRatio();                   // e.g. {0.41, 0.22}
 * }</pre>
 *
 * <p>Signs are fixed so that each component's largest coordinate is positive, which makes the
 * result deterministic (eigenvectors are only defined up to sign).
 */
public final class Pca {
  private final int d;
  private final double[] mean;
  private final double[][] components;
  private final double[] variance;
  private final double totalVariance;

  private Pca(int d, double[] mean, double[][] components, double[] variance, double total) {
    this.d = d;
    this.mean = mean;
    this.components = components;
    this.variance = variance;
    this.totalVariance = total;
  }

  /** Fits {@code k} components to {@code n} points of dimension {@code d} (row-major). */
  public static Pca fit(float[] x, int n, int d, int k) {
    if (x.length != n * d) {
      throw new IllegalArgumentException(
          "Pca.fit: " + x.length + " values are not " + n + " points of dimension " + d);
    }
    if (n < 2 || k < 1 || k > d) {
      throw new IllegalArgumentException(
          "Pca.fit: need n ≥ 2 points and 1 ≤ k ≤ d, got n=" + n + ", d=" + d + ", k=" + k);
    }
    double[] mean = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        mean[j] += x[i * d + j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    // covariance, d × d: one rank-1 update per point, which is fine for embeddings (d ≤ ~1000)
    double[] cov = new double[d * d];
    double[] row = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        row[j] = x[i * d + j] - mean[j];
      }
      for (int a = 0; a < d; a++) {
        double ra = row[a];
        if (ra == 0) {
          continue;
        }
        int base = a * d;
        for (int b = a; b < d; b++) {
          cov[base + b] += ra * row[b];
        }
      }
    }
    double total = 0;
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        cov[a * d + b] /= (n - 1);
        cov[b * d + a] = cov[a * d + b];
      }
      total += cov[a * d + a];
    }
    double[][] comps = new double[k][];
    double[] vars = new double[k];
    for (int c = 0; c < k; c++) {
      double[] v = new double[d];
      for (int j = 0; j < d; j++) {
        v[j] = 1.0 / Math.sqrt(d) * (1 + 0.01 * ((j * 7919 + c * 104729) % 97) / 97.0);
      }
      double lambda = 0;
      for (int it = 0; it < 500; it++) {
        double[] nv = multiply(cov, v, d);
        double norm = Math.sqrt(dot(nv, nv));
        if (norm == 0) {
          break;
        }
        for (int j = 0; j < d; j++) {
          nv[j] /= norm;
        }
        double diff = 0;
        for (int j = 0; j < d; j++) {
          diff = Math.max(diff, Math.abs(Math.abs(nv[j]) - Math.abs(v[j])));
        }
        v = nv;
        lambda = norm;
        if (diff < 1e-10) {
          break;
        }
      }
      int big = 0;
      for (int j = 1; j < d; j++) {
        if (Math.abs(v[j]) > Math.abs(v[big])) {
          big = j;
        }
      }
      if (v[big] < 0) {
        for (int j = 0; j < d; j++) {
          v[j] = -v[j];
        }
      }
      comps[c] = v;
      vars[c] = lambda;
      // deflate: C -= λ v vᵀ
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          cov[a * d + b] -= lambda * v[a] * v[b];
        }
      }
    }
    return new Pca(d, mean, comps, vars, total);
  }

  private static double[] multiply(double[] m, double[] v, int d) {
    double[] out = new double[d];
    for (int a = 0; a < d; a++) {
      double s = 0;
      int base = a * d;
      for (int b = 0; b < d; b++) {
        s += m[base + b] * v[b];
      }
      out[a] = s;
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Projects {@code n} points onto the components: {@code [n, k]}. */
  public float[] transform(float[] x, int n) {
    if (x.length != n * d) {
      throw new IllegalArgumentException(
          "Pca.transform: " + x.length + " values are not " + n + " points of dimension " + d);
    }
    int k = components.length;
    float[] out = new float[n * k];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += (x[i * d + j] - mean[j]) * components[c][j];
        }
        out[i * k + c] = (float) s;
      }
    }
    return out;
  }

  /** Component {@code c} (unit length). */
  public double[] component(int c) {
    return components[c].clone();
  }

  /** The variance along each component (the covariance eigenvalues). */
  public double[] explainedVariance() {
    return variance.clone();
  }

  /** The share of the total variance along each component. */
  public double[] explainedVarianceRatio() {
    double[] r = new double[variance.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = totalVariance > 0 ? variance[i] / totalVariance : 0;
    }
    return r;
  }

  @Override
  public String toString() {
    return "Pca(d="
        + d
        + ", k="
        + components.length
        + ", explained variance ratio "
        + Arrays.toString(explainedVarianceRatio())
        + ")";
  }
}
