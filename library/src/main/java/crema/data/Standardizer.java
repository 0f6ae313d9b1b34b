package crema.data;

import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * Standardises features to zero mean and unit variance, z = (x − μ) / σ, with μ and σ fitted on one
 * dataset (the training split) and then applied unchanged to any other, like scikit-learn's {@code
 * StandardScaler}. Fitting on the training split only keeps validation and test data unseen.
 *
 * <pre>{@code
 * List<Subset> parts = Datasets.randomSplit(csv, 42, 0.7, 0.2, 0.1);
 * Standardizer s = Standardizer.fit(parts.get(0), csv.numericFeatures());
 * Dataset train = parts.get(0).transform(s), val = parts.get(1).transform(s);
 * }</pre>
 *
 * <p>Inputs are treated as flat vectors of D features; σ is the population standard deviation
 * (divide by N). A constant feature (σ = 0) is only centred. Features outside the mask pass through
 * (e.g. one-hot columns).
 */
public final class Standardizer implements Transform {
  private final float[] mean;
  private final float[] std;

  private Standardizer(float[] mean, float[] std) {
    this.mean = mean;
    this.std = std;
  }

  /** Fits every feature of {@code data}'s inputs. */
  public static Standardizer fit(Dataset data) {
    return fit(data, null);
  }

  /**
   * Fits the features where {@code mask} is true; the others get μ = 0, σ = 1.
   *
   * @param mask one flag per feature, or null for all
   */
  public static Standardizer fit(Dataset data, boolean[] mask) {
    if (data.size() == 0) {
      throw new IllegalArgumentException("Standardizer: cannot fit on an empty dataset");
    }
    int[] all = new int[data.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return fit(data.batch(all).x(), mask);
  }

  /** Fits the columns of {@code x} ({@code [N, D]}, or {@code [N, ...]} flattened per row). */
  public static Standardizer fit(Tensor x, boolean[] mask) {
    int n = x.size(0);
    int d = n == 0 ? 0 : x.numel() / n;
    if (mask != null && mask.length != d) {
      throw new IllegalArgumentException(
          "Standardizer: mask has "
              + mask.length
              + " flags but the inputs have "
              + d
              + " features");
    }
    float[] v = x.data();
    double[] sum = new double[d];
    double[] sq = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double a = v[i * d + j];
        sum[j] += a;
        sq[j] += a * a;
      }
    }
    float[] mean = new float[d];
    float[] std = new float[d];
    for (int j = 0; j < d; j++) {
      if (mask != null && !mask[j]) {
        std[j] = 1;
        continue;
      }
      double m = sum[j] / n;
      double var = Math.max(0, sq[j] / n - m * m);
      mean[j] = (float) m;
      std[j] = var > 1e-24 ? (float) Math.sqrt(var) : 1f;
    }
    return new Standardizer(mean, std);
  }

  /** μ per feature (a copy). */
  public float[] mean() {
    return mean.clone();
  }

  /** σ per feature (a copy; 1 where not fitted or constant). */
  public float[] std() {
    return std.clone();
  }

  /** Standardises one input (any shape with D values) or a batch {@code [N, D]}. */
  @Override
  public Tensor apply(Tensor x) {
    int d = mean.length;
    if (x.numel() % d != 0) {
      throw new IllegalArgumentException(
          "Standardizer: fitted on " + d + " features, got input " + Arrays.toString(x.shape()));
    }
    float[] src = x.data();
    float[] dst = new float[src.length];
    for (int i = 0; i < src.length; i++) {
      int j = i % d;
      dst[i] = (src[i] - mean[j]) / std[j];
    }
    return Tensor.wrap(dst, x.shape());
  }

  @Override
  public String toString() {
    return "Standardizer(" + mean.length + " features)";
  }
}
