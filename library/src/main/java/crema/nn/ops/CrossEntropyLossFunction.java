package crema.nn.ops;

import crema.backend.Parallel;
import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * Log-softmax, negative log-likelihood and label smoothing fused into one stable op, forward and
 * backward, over class scores in the layout {@link ClassLayout} ({@code N × C × S}: element (n, c,
 * s) is at {@code (n·C + c)·S + s}). The targets are class indices, or class probabilities of the
 * input's shape. With class weights {@code w} (all 1 when null) and smoothing {@code ε}:
 *
 * <pre>
 *   log pᵢ = xᵢ − max(xᵢ) − ln Σ_c exp(xᵢc − max(xᵢ))              (log-softmax, stable)
 *   lᵢ = (1 − ε) · (−w_yᵢ log pᵢ,yᵢ) + (ε / C) · (−Σ_c w_c log pᵢc)
 *   ∂lᵢ/∂xᵢc = (1 − ε) w_yᵢ (pᵢc − [c = yᵢ]) + (ε / C)(pᵢc Σ_k w_k − w_c)
 * </pre>
 *
 * The gradient {@code softmax − one-hot} is computed directly, never through {@code exp} of large
 * numbers. The samples are split over the cores.
 */
public final class CrossEntropyLossFunction extends Function {
  private final LossReduction reduction;
  private final ClassLayout layout;
  private final int[] targets; // class indices, or null when probs is set
  private final float[] probs; // class probabilities [N, C, S], or null
  private final float[] w; // class weights [C], or null
  private final int ignoreIndex;
  private final double eps;
  private int[] inputShape;
  private float[] prob; // softmax of the input, saved for backward
  private double denomNll; // Σ w_y over the counted samples (MEAN)
  private double denomSmooth; // the smoothing term's denominator (MEAN)

  public CrossEntropyLossFunction(
      LossReduction reduction,
      ClassLayout layout,
      int[] targets,
      float[] probs,
      float[] w,
      int ignoreIndex,
      double eps) {
    this.reduction = reduction;
    this.layout = layout;
    this.targets = targets;
    this.probs = probs;
    this.w = w;
    this.ignoreIndex = ignoreIndex;
    this.eps = eps;
  }

  private double weightOf(int c) {
    return w == null ? 1.0 : w[c];
  }

  /** Samples per parallel chunk: about 32k logits, so small batches stay on one thread. */
  private int grain() {
    return Math.max(1, (1 << 15) / Math.max(1, layout.c() * layout.s()));
  }

  @Override
  protected Tensor forward(Tensor... in) {
    float[] x = in[0].data();
    inputShape = in[0].shape();
    int rows = layout.rows();
    prob = new float[x.length];
    float[] rowLoss = new float[rows];
    double[] rowNll = new double[rows];
    double[] rowSmooth = eps != 0 && probs == null ? new double[rows] : null;
    // samples are independent: split them over the cores, then reduce in order
    Parallel.parallelFor(
        layout.n(), grain(), (from, to) -> forwardSamples(x, from, to, rowLoss, rowNll, rowSmooth));
    double nllSum = 0;
    double smoothSum = 0;
    double weightSum = 0;
    int counted = 0;
    for (int row = 0; row < rows; row++) {
      nllSum += rowNll[row];
      if (probs == null && targets[row] != ignoreIndex) {
        smoothSum += rowSmooth == null ? 0 : rowSmooth[row];
        weightSum += weightOf(targets[row]);
        counted++;
      }
    }
    if (probs != null) {
      denomNll = rows;
      denomSmooth = rows;
    } else {
      denomNll = weightSum;
      denomSmooth = w != null ? weightSum : counted;
    }
    int classes = layout.c();
    return switch (reduction) {
      case NONE -> Tensor.wrap(rowLoss, layout.targetShape());
      case SUM -> {
        double sum = 0;
        for (float v : rowLoss) {
          sum += v;
        }
        yield LossReduction.scalar(sum);
      }
      case MEAN ->
          probs != null
              ? LossReduction.scalar(nllSum / rows)
              : LossReduction.scalar(
                  (1 - eps) * nllSum / denomNll
                      + (eps == 0 ? 0 : eps / classes * smoothSum / denomSmooth));
      case BATCHMEAN -> throw new AssertionError();
    };
  }

  /** Softmax and per-row loss terms of samples {@code [from, to)}. */
  private void forwardSamples(
      float[] x, int from, int to, float[] rowLoss, double[] rowNll, double[] rowSmooth) {
    int classes = layout.c();
    int s = layout.s();
    for (int i = from; i < to; i++) {
      int base = i * classes * s;
      for (int j = 0; j < s; j++) {
        int off = base + j;
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
          max = Math.max(max, x[off + c * s]);
        }
        double sumExp = 0;
        for (int c = 0; c < classes; c++) {
          float e = (float) Math.exp(x[off + c * s] - max);
          prob[off + c * s] = e;
          sumExp += e;
        }
        float inv = (float) (1 / sumExp);
        for (int c = 0; c < classes; c++) {
          prob[off + c * s] *= inv;
        }
        // log p_c = x_c − lse, computed from x (not from p, which may underflow to 0)
        double lse = max + Math.log(sumExp);
        int row = i * s + j;
        if (probs != null) {
          double sum = 0;
          for (int c = 0; c < classes; c++) {
            double t = probs[off + c * s] * (1 - eps) + eps / classes;
            sum -= weightOf(c) * t * (x[off + c * s] - lse);
          }
          rowNll[row] = sum;
          rowLoss[row] = (float) sum;
          continue;
        }
        int y = targets[row];
        if (y == ignoreIndex) {
          continue;
        }
        double nll = -weightOf(y) * (x[off + y * s] - lse);
        double smooth = 0;
        if (eps != 0) {
          for (int c = 0; c < classes; c++) {
            smooth -= weightOf(c) * (x[off + c * s] - lse);
          }
          rowSmooth[row] = smooth;
        }
        rowNll[row] = nll;
        rowLoss[row] = (float) ((1 - eps) * nll + eps / classes * smooth);
      }
    }
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    float[] g = gradOut.data();
    double weightTotal = 0;
    for (int c = 0; c < layout.c(); c++) {
      weightTotal += weightOf(c);
    }
    float[] dx = new float[prob.length];
    double wTotal = weightTotal;
    Parallel.parallelFor(
        layout.n(), grain(), (from, to) -> backwardSamples(g, dx, wTotal, from, to));
    return new Tensor[] {Tensor.wrap(dx, inputShape)};
  }

  /** The gradient of samples {@code [from, to)}. */
  private void backwardSamples(float[] g, float[] dx, double weightTotal, int from, int to) {
    int classes = layout.c();
    int s = layout.s();
    for (int i = from; i < to; i++) {
      int base = i * classes * s;
      for (int j = 0; j < s; j++) {
        int off = base + j;
        int row = i * s + j;
        double up = reduction == LossReduction.NONE ? g[row] : g[0];
        if (probs != null) {
          // l = −Σ w_c t'_c log p_c  ⇒  ∂l/∂x_c = p_c Σ_k w_k t'_k − w_c t'_c
          double scale = reduction == LossReduction.MEAN ? up / denomNll : up;
          double wt = 0;
          for (int c = 0; c < classes; c++) {
            wt += weightOf(c) * (probs[off + c * s] * (1 - eps) + eps / classes);
          }
          for (int c = 0; c < classes; c++) {
            int k = off + c * s;
            double t = probs[k] * (1 - eps) + eps / classes;
            dx[k] = (float) (scale * (prob[k] * wt - weightOf(c) * t));
          }
          continue;
        }
        int y = targets[row];
        if (y == ignoreIndex) {
          continue; // dx stays 0
        }
        double a = (1 - eps) * up;
        double b = eps / classes * up;
        if (reduction == LossReduction.MEAN) {
          a /= denomNll;
          b /= denomSmooth;
        }
        double wy = weightOf(y);
        for (int c = 0; c < classes; c++) {
          int k = off + c * s;
          double p = prob[k];
          double d = a * wy * (c == y ? p - 1 : p);
          if (eps != 0) {
            d += b * (p * weightTotal - weightOf(c));
          }
          dx[k] = (float) d;
        }
      }
    }
  }
}
