package crema.data;

import crema.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * Small synthetic datasets like those of TensorFlow Playground and scikit-learn's {@code make_*}
 * functions, for drawing decision boundaries and watching a network learn. Each takes a seed: the
 * same arguments give the same points.
 *
 * <pre>{@code
 * TensorDataset moons = Playground.moons(1000, 0.1, 42);   // x [1000, 2], labels 0/1
 * TensorDataset curve = Playground.regression(200, 0.1, 1);  // x [200, 1], y [200, 1]
 * }</pre>
 *
 * <p>Noise is the standard deviation of Gaussian noise added to the coordinates (to the target for
 * regression). Classification sets give balanced classes: example i has class i mod K.
 */
public final class Playground {
  private Playground() {}

  /**
   * XOR: points uniform in [-1, 1]² (off a 0.05 band around the axes), class 1 where x·y &lt; 0
   * (the second and fourth quadrants). Not linearly separable; one hidden layer solves it.
   */
  public static TensorDataset xor(int n, double noise, long seed) {
    Random r = new Random(seed);
    float[] x = new float[2 * n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      // Class first (balanced), then a quadrant of that class; a small margin around the axes,
      // as TF Playground keeps, makes the classes separable without noise.
      y[i] = i % 2;
      double a = Math.copySign(0.05 + 0.95 * r.nextDouble(), r.nextBoolean() ? 1 : -1);
      double b = Math.copySign(0.05 + 0.95 * r.nextDouble(), y[i] == 1 ? -a : a);
      x[2 * i] = (float) (a + noise * r.nextGaussian());
      x[2 * i + 1] = (float) (b + noise * r.nextGaussian());
    }
    return classification(x, y, List.of("same sign", "opposite sign"));
  }

  /**
   * Two interleaving half circles (scikit-learn's {@code make_moons}): class 0 on (cos t, sin t),
   * class 1 on (1 − cos t, 0.5 − sin t), t uniform in [0, π].
   */
  public static TensorDataset moons(int n, double noise, long seed) {
    Random r = new Random(seed);
    float[] x = new float[2 * n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      double t = r.nextDouble() * Math.PI;
      y[i] = i % 2;
      double a = y[i] == 0 ? Math.cos(t) : 1 - Math.cos(t);
      double b = y[i] == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
      x[2 * i] = (float) (a + noise * r.nextGaussian());
      x[2 * i + 1] = (float) (b + noise * r.nextGaussian());
    }
    return classification(x, y, List.of("upper moon", "lower moon"));
  }

  /**
   * Two concentric circles (scikit-learn's {@code make_circles}): class 0 on radius 1, class 1 on
   * radius {@code factor} (0 &lt; factor &lt; 1, e.g. 0.5).
   */
  public static TensorDataset circles(int n, double noise, double factor, long seed) {
    if (!(factor > 0 && factor < 1)) {
      throw new IllegalArgumentException("circles: factor must be in (0, 1), got " + factor);
    }
    Random r = new Random(seed);
    float[] x = new float[2 * n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      double t = r.nextDouble() * 2 * Math.PI;
      y[i] = i % 2;
      double rad = y[i] == 0 ? 1 : factor;
      x[2 * i] = (float) (rad * Math.cos(t) + noise * r.nextGaussian());
      x[2 * i + 1] = (float) (rad * Math.sin(t) + noise * r.nextGaussian());
    }
    return classification(x, y, List.of("outer", "inner"));
  }

  /** Two concentric circles with radius ratio 0.5. */
  public static TensorDataset circles(int n, double noise, long seed) {
    return circles(n, noise, 0.5, seed);
  }

  /**
   * Interleaved spiral arms, one per class (the CS231n spiral): arm k at radius r ∈ [0, 1] has
   * angle 4r + 2πk/K, with Gaussian noise on the angle scaled by {@code noise}.
   */
  public static TensorDataset spirals(int n, int classes, double noise, long seed) {
    if (classes < 2) {
      throw new IllegalArgumentException("spirals: need at least 2 classes, got " + classes);
    }
    Random r = new Random(seed);
    float[] x = new float[2 * n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % classes;
      double rad = r.nextDouble();
      double t = 4 * rad + 2 * Math.PI * y[i] / classes + noise * r.nextGaussian();
      x[2 * i] = (float) (rad * Math.sin(t));
      x[2 * i + 1] = (float) (rad * Math.cos(t));
    }
    String[] names = new String[classes];
    for (int k = 0; k < classes; k++) {
      names[k] = "arm " + k;
    }
    return classification(x, y, List.of(names));
  }

  /**
   * Gaussian blobs (scikit-learn's {@code make_blobs}): {@code centers} clusters in {@code dim}
   * dimensions, centres uniform in [-4, 4]^dim, each with standard deviation {@code std}.
   */
  public static TensorDataset blobs(int n, int centers, int dim, double std, long seed) {
    if (centers < 1 || dim < 1) {
      throw new IllegalArgumentException(
          "blobs: need centers >= 1 and dim >= 1, got " + centers + ", " + dim);
    }
    Random r = new Random(seed);
    double[][] c = new double[centers][dim];
    for (double[] row : c) {
      for (int d = 0; d < dim; d++) {
        row[d] = r.nextDouble() * 8 - 4;
      }
    }
    float[] x = new float[dim * n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % centers;
      for (int d = 0; d < dim; d++) {
        x[dim * i + d] = (float) (c[y[i]][d] + std * r.nextGaussian());
      }
    }
    String[] names = new String[centers];
    for (int k = 0; k < centers; k++) {
      names[k] = "blob " + k;
    }
    Tensor xt = Tensor.wrap(x, n, dim);
    return new TensorDataset(xt, y).withClassNames(List.of(names));
  }

  /** Three 2-D blobs with standard deviation 1. */
  public static TensorDataset blobs(int n, long seed) {
    return blobs(n, 3, 2, 1.0, seed);
  }

  /**
   * Noisy 1-D regression: x uniform in [-3, 3], y = sin(x) + 0.3·x + ε with ε ~ N(0, noise²). A
   * straight line underfits it; a small MLP fits it.
   */
  public static TensorDataset regression(int n, double noise, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      double a = r.nextDouble() * 6 - 3;
      x[i] = (float) a;
      y[i] = (float) (Math.sin(a) + 0.3 * a + noise * r.nextGaussian());
    }
    return new TensorDataset(Tensor.wrap(x, n, 1), Tensor.wrap(y, n, 1));
  }

  /**
   * Linear data as in d2l's {@code synthetic_data}: x ~ N(0, 1)^d, y = x·w + b + ε, ε ~ N(0,
   * noise²); for checking that a linear model recovers {@code w} and {@code b}.
   */
  public static TensorDataset linear(int n, float[] w, float b, double noise, long seed) {
    Random r = new Random(seed);
    int d = w.length;
    float[] x = new float[n * d];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      double s = b;
      for (int j = 0; j < d; j++) {
        float v = (float) r.nextGaussian();
        x[i * d + j] = v;
        s += v * w[j];
      }
      y[i] = (float) (s + noise * r.nextGaussian());
    }
    return new TensorDataset(Tensor.wrap(x, n, d), Tensor.wrap(y, n, 1));
  }

  private static TensorDataset classification(float[] x, int[] y, List<String> names) {
    return new TensorDataset(Tensor.wrap(x, y.length, 2), y).withClassNames(names);
  }
}
