package crema.unsupervised;

import crema.backend.Blas;
import crema.backend.MatrixView;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.Arrays;
import java.util.concurrent.CancellationException;

/**
 * A self-organising map (Kohonen): a {@code rows × cols} grid of units, each with a prototype
 * vector {@code w_k} in input space. Training pulls the best-matching unit of each input, and its
 * grid neighbours, towards the input, so that neighbouring units end up with similar prototypes:
 * the map is a two-dimensional, topology-preserving picture of the data.
 *
 * <pre>
 *   best-matching unit   c(x) = argmin_k ‖x − w_k‖
 *   neighbourhood        h_k(c) = exp(−‖r_k − r_c‖² / (2σ²))      r_k: grid position of unit k
 *   Kohonen rule         w_k ← w_k + η · h_k(c(x)) · (x − w_k)
 * </pre>
 *
 * A mini-batch of B inputs applies the rule once with the batch mean, {@code w_k ← w_k + (η/B) ·
 * Σ_i h_k(c(x_i)) (x_i − w_k)}, which is the classic rule for {@code B = 1} and costs two matrix
 * products per batch (the distances {@code X·Wᵀ} and the pull {@code Hᵀ·X}). The learning rate η
 * and the radius σ shrink exponentially during training, from {@link #learningRate(double, double)}
 * and {@link #sigma(double, double)}: a wide radius first orders the map, a narrow one then
 * fine-tunes each prototype.
 *
 * <p>Two figures say how good a map is: the {@link #quantizationError quantisation error} (mean
 * distance of an input to its prototype: how well the prototypes cover the data) and the {@link
 * #topographicError topographic error} (fraction of inputs whose two best units are not grid
 * neighbours: how well the grid keeps the data's topology). The {@link #uMatrix U-matrix} shows the
 * distance of each prototype to its grid neighbours: dark valleys are clusters, bright ridges the
 * borders between them.
 *
 * <pre>{@code
 * var som = new SelfOrganizingMap(10, 10, 784, new Rng(0));
 * som.initFromSamples(x, new Rng(1));         // x [N, 784]
 * som.fit(x, 10, 64, new Rng(2));             // 10 epochs of mini-batches of 64
 * som.quantizationError(x);                   // below the untrained map's
 * ImageGrid.of(som.prototypes(28, 28)).columns(10);
 * Heatmap.of(som.uMatrix());
 * }</pre>
 */
public final class SelfOrganizingMap {
  private static final int CHUNK = 1024;

  private final int rows;
  private final int cols;
  private final int dim;
  private final float[] weights;
  private double lr0 = 0.5;
  private double lrEnd = 0.02;
  private double sigma0;
  private double sigmaEnd = 0.5;

  /**
   * A map of {@code rows × cols} units for inputs of {@code dim} features, prototypes drawn
   * uniformly from [0, 1). The radius starts at half the larger side of the grid.
   */
  public SelfOrganizingMap(int rows, int cols, int dim, Rng rng) {
    if (rows < 1 || cols < 1 || dim < 1) {
      throw new IllegalArgumentException(
          "SelfOrganizingMap: rows, cols and dim must be >= 1, got "
              + rows
              + ", "
              + cols
              + ", "
              + dim);
    }
    this.rows = rows;
    this.cols = cols;
    this.dim = dim;
    this.weights = new float[rows * cols * dim];
    rng.fillUniform(weights, 0f, 1f);
    this.sigma0 = Math.max(1.0, Math.max(rows, cols) / 2.0);
  }

  /**
   * A map with the given prototypes {@code [rows·cols, dim]} (copied), unit {@code k} at grid
   * position {@code (k / cols, k % cols)}.
   */
  public static SelfOrganizingMap of(int rows, int cols, Tensor prototypes) {
    int[] s = prototypes.shape();
    if (s.length != 2 || s[0] != rows * cols) {
      throw new IllegalArgumentException(
          "SelfOrganizingMap.of: need prototypes ["
              + rows * cols
              + ", dim] for a "
              + rows
              + "×"
              + cols
              + " grid, got "
              + Arrays.toString(s));
    }
    var som = new SelfOrganizingMap(rows, cols, s[1], new Rng(0));
    System.arraycopy(prototypes.data(), 0, som.weights, 0, som.weights.length);
    return som;
  }

  /**
   * Sets the learning rate's schedule: {@code start} at the first batch, {@code end} at the last.
   */
  public SelfOrganizingMap learningRate(double start, double end) {
    // Above 1 a unit would overshoot its inputs (its weight gets a negative share of itself).
    if (!(start > 0 && start <= 1) || !(end > 0 && end <= 1)) {
      throw new IllegalArgumentException(
          "SelfOrganizingMap.learningRate: need rates in (0, 1], got " + start + " → " + end);
    }
    this.lr0 = start;
    this.lrEnd = end;
    return this;
  }

  /**
   * Sets the neighbourhood radius's schedule (in grid cells), {@code start} → {@code end} (default
   * half the larger side of the grid → 0.5).
   */
  public SelfOrganizingMap sigma(double start, double end) {
    if (!(start > 0) || !(end > 0)) {
      throw new IllegalArgumentException(
          "SelfOrganizingMap.sigma: need positive radii, got " + start + " → " + end);
    }
    this.sigma0 = start;
    this.sigmaEnd = end;
    return this;
  }

  /**
   * Replaces every prototype by a randomly chosen input (distinct inputs while there are enough).
   */
  public SelfOrganizingMap initFromSamples(Tensor x, Rng rng) {
    float[] xs = checkInput("initFromSamples", x);
    int n = x.size(0);
    int[] perm = rng.permutation(n);
    for (int k = 0; k < units(); k++) {
      System.arraycopy(xs, perm[k % n] * dim, weights, k * dim, dim);
    }
    return this;
  }

  /** Number of grid rows. */
  public int rows() {
    return rows;
  }

  /** Number of grid columns. */
  public int cols() {
    return cols;
  }

  /** Number of units, {@code rows · cols}. */
  public int units() {
    return rows * cols;
  }

  /** Input dimension. */
  public int dim() {
    return dim;
  }

  /**
   * A copy of the prototypes, {@code [rows·cols, dim]}, unit by unit along the rows of the grid.
   */
  public Tensor weights() {
    return Tensor.of(weights, units(), dim);
  }

  /**
   * The prototypes as images {@code [rows·cols, 1, h, w]}, for an {@code ImageGrid} of cols
   * columns.
   */
  public Tensor prototypes(int h, int w) {
    if (h * w != dim) {
      throw new IllegalArgumentException(
          "SelfOrganizingMap.prototypes: "
              + h
              + "×"
              + w
              + " images need dim "
              + h * w
              + ", map has "
              + dim);
    }
    return Tensor.of(weights, units(), 1, h, w);
  }

  /** The learning rate at training progress {@code t ∈ [0, 1]}: {@code η0 (η_end/η0)^t}. */
  public double learningRateAt(double t) {
    return lr0 * Math.pow(lrEnd / lr0, t);
  }

  /** The neighbourhood radius at training progress {@code t ∈ [0, 1]}: {@code σ0 (σ_end/σ0)^t}. */
  public double sigmaAt(double t) {
    return sigma0 * Math.pow(sigmaEnd / sigma0, t);
  }

  /**
   * Trains for {@code epochs} passes over {@code x} {@code [N, dim]} in shuffled mini-batches, the
   * learning rate and radius decaying from their start to their end values over the whole run.
   */
  public SelfOrganizingMap fit(Tensor x, int epochs, int batchSize, Rng rng) {
    for (int e = 0; e < epochs; e++) {
      trainEpoch(x, e, epochs, batchSize, rng);
    }
    return this;
  }

  /**
   * One pass of {@link #fit} (epoch {@code epoch} of {@code epochs}), so that a notebook can draw
   * the map between epochs.
   */
  public SelfOrganizingMap trainEpoch(Tensor x, int epoch, int epochs, int batchSize, Rng rng) {
    float[] xs = checkInput("trainEpoch", x);
    if (batchSize < 1 || epochs < 1 || epoch < 0 || epoch >= epochs) {
      throw new IllegalArgumentException(
          "SelfOrganizingMap.trainEpoch: need 0 <= epoch < epochs and batchSize >= 1, got epoch "
              + epoch
              + " of "
              + epochs
              + ", batch "
              + batchSize);
    }
    int n = x.size(0);
    int batches = (n + batchSize - 1) / batchSize;
    int[] perm = rng.permutation(n);
    float[] batch = new float[batchSize * dim];
    var work = new Workspace(batchSize, units());
    for (int b = 0; b < batches; b++) {
      // Java's convention for cancelling: the notebook's stop button interrupts this thread.
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException(
            "SelfOrganizingMap.trainEpoch: interrupted in epoch "
                + (epoch + 1)
                + " of "
                + epochs
                + "; the map holds the last completed batch");
      }
      int start = b * batchSize;
      int size = Math.min(batchSize, n - start);
      for (int i = 0; i < size; i++) {
        System.arraycopy(xs, perm[start + i] * dim, batch, i * dim, dim);
      }
      double t = (epoch + (double) b / batches) / epochs;
      update(batch, size, learningRateAt(t), sigmaAt(t), work);
    }
    return this;
  }

  /**
   * One application of the Kohonen rule with a fixed learning rate and radius to the inputs {@code
   * x} {@code [B, dim]} (their mean pull, see the class comment).
   */
  public SelfOrganizingMap update(Tensor x, double learningRate, double sigma) {
    float[] xs = checkInput("update", x);
    update(xs, x.size(0), learningRate, sigma, new Workspace(x.size(0), units()));
    return this;
  }

  private void update(float[] x, int b, double lr, double sigma, Workspace ws) {
    int k = units();
    bestUnits(x, b, ws.best, null, null, ws.wNorm, ws.cross);
    // h[i, k]: how strongly input i pulls unit k.
    double inv2s2 = 1.0 / (2 * sigma * sigma);
    float[] h = ws.h;
    float[] pullSum = ws.pullSum;
    Arrays.fill(pullSum, 0f);
    for (int i = 0; i < b; i++) {
      int ci = ws.best[i] / cols;
      int cj = ws.best[i] % cols;
      for (int u = 0; u < k; u++) {
        int dr = u / cols - ci;
        int dc = u % cols - cj;
        float v = (float) Math.exp(-(dr * dr + dc * dc) * inv2s2);
        h[i * k + u] = v;
        pullSum[u] += v;
      }
    }
    float step = (float) (lr / b);
    // w_k ← w_k + (η/B)(Σ_i h_ik x_i − (Σ_i h_ik) w_k): first shrink, then add Hᵀ·X in one GEMM.
    for (int u = 0; u < k; u++) {
      float keep = 1f - step * pullSum[u];
      int off = u * dim;
      for (int d = 0; d < dim; d++) {
        weights[off + d] *= keep;
      }
    }
    Blas.sgemm(
        step,
        MatrixView.of(h, 0, b, k).t(),
        MatrixView.of(x, 0, b, dim),
        1f,
        MatrixView.of(weights, 0, k, dim));
  }

  /**
   * The best-matching unit of each input {@code x} {@code [N, dim]}, as indices {@code r·cols + c}.
   */
  public int[] bestMatchingUnits(Tensor x) {
    float[] xs = checkInput("bestMatchingUnits", x);
    int[] best = new int[x.size(0)];
    bestUnits(xs, x.size(0), best, null, null, null, null);
    return best;
  }

  /**
   * Quantisation error: the mean distance of an input to its best prototype, {@code (1/N) Σ_i ‖x_i
   * − w_c(x_i)‖}.
   */
  public double quantizationError(Tensor x) {
    float[] xs = checkInput("quantizationError", x);
    int n = x.size(0);
    float[] dist = new float[n];
    bestUnits(xs, n, new int[n], null, dist, null, null);
    double sum = 0;
    for (float d : dist) {
      sum += Math.sqrt(Math.max(0f, d));
    }
    return sum / n;
  }

  /**
   * Topographic error: the fraction of inputs whose best and second-best units are not neighbours
   * on the grid (neighbours: the 8 surrounding cells, diagonals included, as MiniSom counts them).
   */
  public double topographicError(Tensor x) {
    float[] xs = checkInput("topographicError", x);
    int n = x.size(0);
    if (units() < 2) {
      throw new IllegalStateException(
          "topographicError: a map of one unit has no second-best unit");
    }
    int[] best = new int[n];
    int[] second = new int[n];
    bestUnits(xs, n, best, second, null, null, null);
    int errors = 0;
    for (int i = 0; i < n; i++) {
      int dr = Math.abs(best[i] / cols - second[i] / cols);
      int dc = Math.abs(best[i] % cols - second[i] % cols);
      if (Math.max(dr, dc) > 1) {
        errors++;
      }
    }
    return (double) errors / n;
  }

  /**
   * The U-matrix {@code [rows, cols]}: for each unit, the mean distance of its prototype to those
   * of its 4 grid neighbours (up, down, left, right). High values mark borders between clusters.
   */
  public Tensor uMatrix() {
    int k = units();
    float[] gram = new float[k * k];
    Blas.sgemm(
        1f,
        MatrixView.of(weights, 0, k, dim),
        MatrixView.of(weights, 0, k, dim).t(),
        0f,
        MatrixView.of(gram, 0, k, k));
    float[] u = new float[k];
    int[][] steps = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int a = r * cols + c;
        double sum = 0;
        int count = 0;
        for (int[] s : steps) {
          int rr = r + s[0];
          int cc = c + s[1];
          if (rr < 0 || rr >= rows || cc < 0 || cc >= cols) {
            continue;
          }
          int o = rr * cols + cc;
          float d2 = gram[a * k + a] + gram[o * k + o] - 2 * gram[a * k + o];
          sum += Math.sqrt(Math.max(0f, d2));
          count++;
        }
        u[a] = count == 0 ? 0f : (float) (sum / count);
      }
    }
    return Tensor.wrap(u, rows, cols);
  }

  /** How many inputs each unit wins, {@code [rows, cols]}. */
  public Tensor hitMap(Tensor x) {
    float[] hits = new float[units()];
    for (int c : bestMatchingUnits(x)) {
      hits[c]++;
    }
    return Tensor.wrap(hits, rows, cols);
  }

  /**
   * The most frequent label among the inputs each unit wins ({@code -1} for a unit that wins none),
   * {@code [rows·cols]}: names the regions of the map.
   */
  public int[] unitLabels(Tensor x, int[] labels, int numClasses) {
    if (labels.length != x.size(0)) {
      throw new IllegalArgumentException(
          "unitLabels: " + labels.length + " labels for " + x.size(0) + " inputs");
    }
    int[] best = bestMatchingUnits(x);
    int[][] votes = new int[units()][numClasses];
    for (int i = 0; i < best.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            "unitLabels: label "
                + labels[i]
                + " of input "
                + i
                + " is not in [0, "
                + numClasses
                + ")");
      }
      votes[best[i]][labels[i]]++;
    }
    int[] out = new int[units()];
    for (int u = 0; u < units(); u++) {
      int arg = -1;
      int most = 0;
      for (int c = 0; c < numClasses; c++) {
        if (votes[u][c] > most) {
          most = votes[u][c];
          arg = c;
        }
      }
      out[u] = arg;
    }
    return out;
  }

  /**
   * For each of the {@code n} inputs in {@code x}: the best unit, optionally the second best, and
   * optionally the squared distance to the best. Distances come from {@code ‖x‖² − 2 x·w + ‖w‖²},
   * the cross term one GEMM per chunk of inputs. {@code wNorm} and {@code cross} are scratch
   * buffers (null: allocated here), so that training reuses them batch after batch.
   */
  private void bestUnits(
      float[] x, int n, int[] best, int[] second, float[] bestDist, float[] wNorm, float[] cross) {
    int k = units();
    int chunk = Math.min(CHUNK, n);
    if (wNorm == null) {
      wNorm = new float[k];
    }
    if (cross == null || cross.length < chunk * k) {
      cross = new float[chunk * k];
    }
    for (int u = 0; u < k; u++) {
      double s = 0;
      for (int d = 0; d < dim; d++) {
        float v = weights[u * dim + d];
        s += v * v;
      }
      wNorm[u] = (float) s;
    }
    for (int start = 0; start < n; start += chunk) {
      int m = Math.min(chunk, n - start);
      Blas.sgemm(
          1f,
          MatrixView.of(x, start * dim, m, dim),
          MatrixView.of(weights, 0, k, dim).t(),
          0f,
          MatrixView.of(cross, 0, m, k));
      for (int i = 0; i < m; i++) {
        double xNorm = 0;
        int xo = (start + i) * dim;
        for (int d = 0; d < dim; d++) {
          xNorm += x[xo + d] * x[xo + d];
        }
        int b1 = -1;
        int b2 = -1;
        float d1 = Float.POSITIVE_INFINITY;
        float d2 = Float.POSITIVE_INFINITY;
        for (int u = 0; u < k; u++) {
          // ‖x‖² is the same for every unit; it is added back only for the reported distance.
          float d = wNorm[u] - 2 * cross[i * k + u];
          if (d < d1) {
            d2 = d1;
            b2 = b1;
            d1 = d;
            b1 = u;
          } else if (d < d2) {
            d2 = d;
            b2 = u;
          }
        }
        best[start + i] = b1;
        if (second != null) {
          second[start + i] = b2;
        }
        if (bestDist != null) {
          bestDist[start + i] = (float) (d1 + xNorm);
        }
      }
    }
  }

  private float[] checkInput(String op, Tensor x) {
    int[] s = x.shape();
    if (s.length != 2 || s[1] != dim || s[0] < 1) {
      throw new IllegalArgumentException(
          "SelfOrganizingMap."
              + op
              + ": need inputs [N, "
              + dim
              + "] with N >= 1, got "
              + Arrays.toString(s)
              + (s.length > 2 ? " (flatten images first: x.reshape(N, -1))" : ""));
    }
    return x.data();
  }

  /** Buffers of one training run, reused by every batch. */
  private static final class Workspace {
    final int[] best;
    final float[] h;
    final float[] pullSum;
    final float[] wNorm;
    final float[] cross;

    Workspace(int batch, int units) {
      best = new int[batch];
      h = new float[batch * units];
      pullSum = new float[units];
      wNorm = new float[units];
      cross = new float[Math.min(CHUNK, batch) * units];
    }
  }

  @Override
  public String toString() {
    return "SelfOrganizingMap("
        + rows
        + "×"
        + cols
        + ", dim="
        + dim
        + ", lr "
        + lr0
        + "→"
        + lrEnd
        + ", sigma "
        + sigma0
        + "→"
        + sigmaEnd
        + ")";
  }
}
