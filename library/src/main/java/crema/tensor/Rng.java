package crema.tensor;

/**
 * A seedable pseudo-random generator for tensors and data pipelines, like {@code torch.Generator}.
 *
 * <p>The algorithm is SplitMix64 (Steele, Lea and Flood 2014): a 64-bit counter stepped by a fixed
 * odd constant and passed through a bijective mixer. It is tiny, fast, passes BigCrush, and, being
 * written out here, gives the same numbers on every JDK, so a seed reproduces a notebook exactly.
 * Gaussian numbers use the Box-Muller transform: {@code z = sqrt(-2 ln u1) cos(2 pi u2)}; the
 * second value of each pair ({@code sin}) is kept for the next call.
 *
 * <pre>{@code
 * Rng.manualSeed(42);                  // the global generator, as torch.manual_seed(42)
 * Tensor w = Tensor.randn(3, 4);       // uses Rng.global()
 * Rng r = new Rng(7);                  // an independent stream
 * int[] order = r.permutation(10);
 * }</pre>
 *
 * <p>Methods are synchronized, so one generator may be shared by threads; bulk fills take the lock
 * once per call, not per number.
 */
public final class Rng {
  private static final Rng GLOBAL = new Rng(0x5EED_C0FFEEL);

  private long state;
  private double spareGaussian;
  private boolean hasSpare;

  /** A generator with the given seed. */
  public Rng(long seed) {
    seed(seed);
  }

  /** The global generator used by {@link Tensor#rand(int...)} and friends. */
  public static Rng global() {
    return GLOBAL;
  }

  /** Re-seeds the global generator, like {@code torch.manual_seed}. */
  public static void manualSeed(long seed) {
    GLOBAL.seed(seed);
  }

  /** Restarts this generator's stream from {@code seed}. */
  public synchronized void seed(long seed) {
    state = seed;
    hasSpare = false;
  }

  private long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private float uniform() {
    return (nextLong() >>> 40) * 0x1.0p-24f; // 24 random bits: every float in [0, 1) on a grid
  }

  private double gaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    double u1;
    do {
      u1 = (nextLong() >>> 11) * 0x1.0p-53;
    } while (u1 == 0.0); // log(0) is -inf
    double u2 = (nextLong() >>> 11) * 0x1.0p-53;
    double r = Math.sqrt(-2.0 * Math.log(u1));
    spareGaussian = r * Math.sin(2 * Math.PI * u2);
    hasSpare = true;
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** A uniform float in {@code [0, 1)}. */
  public synchronized float nextFloat() {
    return uniform();
  }

  /** A standard normal number (mean 0, standard deviation 1). */
  public synchronized float nextGaussian() {
    return (float) gaussian();
  }

  /** A uniform integer in {@code [0, n)}, without modulo bias. */
  public synchronized int nextInt(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("Rng.nextInt: bound must be positive, got " + n);
    }
    // Lemire's multiply-shift with rejection: unbiased and without division in the common case.
    long m = (nextLong() >>> 32) * n;
    long low = m & 0xFFFFFFFFL;
    if (low < n) {
      long threshold = (0x1_0000_0000L - n) % n;
      while (low < threshold) {
        m = (nextLong() >>> 32) * n;
        low = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }

  /** A random permutation of {@code 0 .. n-1} (Fisher-Yates shuffle), as {@code torch.randperm}. */
  public synchronized int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      long m = (nextLong() >>> 32) * (i + 1); // slight bias below 2^-32 for i < 2^31: negligible
      int j = (int) (m >>> 32);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** Fills {@code dst} with uniform numbers in {@code [low, high)}. */
  public synchronized void fillUniform(float[] dst, float low, float high) {
    float span = high - low;
    for (int i = 0; i < dst.length; i++) {
      dst[i] = low + span * uniform();
    }
  }

  /** Fills {@code dst} with normal numbers of the given mean and standard deviation. */
  public synchronized void fillGaussian(float[] dst, float mean, float std) {
    for (int i = 0; i < dst.length; i++) {
      dst[i] = (float) (mean + std * gaussian());
    }
  }

  @Override
  public String toString() {
    return "Rng(SplitMix64)";
  }
}
